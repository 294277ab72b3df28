/**
 * The benchmark only ever sends traffic to this machine: every URL it is about to load is
 * checked here first, so a mistyped setting cannot aim it at another host.
 */
export function assertLoopback(url: string): void {
  const { hostname } = new URL(url);
  if (!/^127(\.\d{1,3}){3}$/.test(hostname) && hostname !== 'localhost' && hostname !== '[::1]') {
    throw new Error(`refusing to send benchmark traffic to ${hostname}: only loopback addresses are allowed`);
  }
}
