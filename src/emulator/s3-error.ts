// An S3 error answer thrown inside the S3 handlers and sent as S3's XML error by handleS3.
import type { S3Error } from './s3-xml.ts';

export class S3HttpError extends Error {
  constructor(readonly error: S3Error) {
    super(error.message);
  }
}

export const badRequest = (code: string, message: string): S3HttpError => new S3HttpError({ status: 400, code, message });
