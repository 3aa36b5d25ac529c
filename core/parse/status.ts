/** Parse status codes returned by every cell parser (small integers, no allocation). */
export const OK = 0, MISSING = 1, TYPE = 2, RANGE = 3, ENUM = 4, ID = 5, MONTH = 6;
export type ParseStatus = number;
