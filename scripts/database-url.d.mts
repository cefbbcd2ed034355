export function databaseUrl(): string;
export function databaseProvider(url?: string): "sqlite" | "postgres";
export function sqliteUrl(url?: string): string;
export function postgresUrl(url?: string): string;
