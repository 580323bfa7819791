// Counted words in messages: "1 file", "3 files", "2 deleted files", "1 entry" / "4 entries".

export const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;
