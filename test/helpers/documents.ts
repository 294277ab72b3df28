/** The selection of every Client field, so tests compare whole objects. */
export const CLIENT_FIELDS = `
  id provider providerId name email phone mobile notes taxNumber externalId locale currency clientNumber raw
  address { line1 line2 city region postalCode countryCode formatted }
`;
