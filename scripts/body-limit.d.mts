import type { RequestHandler } from "express";

export const MAX_BODY_BYTES: number;
export const MAX_MULTIPART_BODY_BYTES: number;
export function limitRequestBody(options?: { maxBytes?: number; maxMultipartBytes?: number }): RequestHandler;
