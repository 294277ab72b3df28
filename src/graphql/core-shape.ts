/**
 * `implements Mirrors<Core, Self>`: the core shape a GraphQL class stands for, with every field
 * the class left out demanded as required. Plain `implements Core` checks the types of the
 * fields a class declares, but an input whose fields are all optional "implements" a shape
 * while lacking some of them; this makes the compiler name the missing one.
 */
export type Mirrors<Core, Self> = Core & { [K in Exclude<keyof Core, keyof Self>]-?: Core[K] };
