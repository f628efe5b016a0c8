// An independent check of the sandbox's webhook cryptography, with
// Node's own crypto (OpenSSL) instead of the Rust crates that produced it:
// decrypts the compact JWE (RSA-OAEP-256 + A256GCM) with the application's
// private key, verifies the RS256 JWS inside against the JWKS by `kid`,
// and prints the claims. Input on stdin: {"jwe", "private_key_pem", "jwks"}.
import { createDecipheriv, createPrivateKey, createPublicKey, privateDecrypt, verify, constants } from "node:crypto";

const input = JSON.parse(await new Promise((resolve) => {
  let text = "";
  process.stdin.on("data", (c) => (text += c));
  process.stdin.on("end", () => resolve(text));
}));
const b64 = (s) => Buffer.from(s, "base64url");

const [protectedHeader, encryptedKey, iv, ciphertext, tag] = input.jwe.split(".");
const header = JSON.parse(b64(protectedHeader).toString("utf8"));
if (header.alg !== "RSA-OAEP-256" || header.enc !== "A256GCM") {
  throw new Error(`unexpected JWE header ${JSON.stringify(header)}`);
}
const cek = privateDecrypt(
  { key: createPrivateKey(input.private_key_pem), padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: "sha256" },
  b64(encryptedKey),
);
const decipher = createDecipheriv("aes-256-gcm", cek, b64(iv));
decipher.setAAD(Buffer.from(protectedHeader, "ascii"));
decipher.setAuthTag(b64(tag));
const jws = Buffer.concat([decipher.update(b64(ciphertext)), decipher.final()]).toString("utf8");

const [h, p, s] = jws.split(".");
const jwsHeader = JSON.parse(b64(h).toString("utf8"));
if (jwsHeader.alg !== "RS256") throw new Error(`unexpected JWS alg ${jwsHeader.alg}`);
const jwk = input.jwks.keys.find((k) => k.kid === jwsHeader.kid && k.use === "sig");
if (!jwk) throw new Error(`no signing key ${jwsHeader.kid}`);
const ok = verify("RSA-SHA256", Buffer.from(`${h}.${p}`), createPublicKey({ key: jwk, format: "jwk" }), b64(s));
if (!ok) throw new Error("bad signature");
process.stdout.write(b64(p).toString("utf8"));
