// Parses and builds s3:// URIs.

export function parseS3Uri(uri: string): { bucket: string; key: string } {
  const m = /^s3:\/\/([^/]+)\/?(.*)$/.exec(uri);
  if (!m) throw new Error(`Not an s3:// URI: ${uri}`);
  return { bucket: m[1]!, key: m[2]! };
}

export function s3Uri(bucket: string, key: string): string {
  return `s3://${bucket}/${key}`;
}
