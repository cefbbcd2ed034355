import type { RequestHandler } from "express";

export function securityHeaders(headers: ReadonlyArray<readonly [string, string]>): RequestHandler;
