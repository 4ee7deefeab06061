export const buildHelp = ''; export async function buildCommand(): Promise<number> { return 2; }
