// A GitHub App private key for the tests (PKCS#1 PEM, as GitHub issues them): generated once per
// test file, never a real key.
import { generateKeyPairSync } from "node:crypto";

export const { privateKey } = generateKeyPairSync("rsa", {
  modulusLength: 2048,
  privateKeyEncoding: { type: "pkcs1", format: "pem" },
  publicKeyEncoding: { type: "spki", format: "pem" },
});
