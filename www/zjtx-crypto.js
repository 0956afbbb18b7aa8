// Passphrase-encrypted answers files, with the browser's own WebCrypto:
// PBKDF2-SHA-256 (600 000 iterations, the OWASP 2023 figure) derives an
// AES-GCM 256 key from the passphrase and a random 16-byte salt; a random
// 12-byte IV per file. Salt, IV and iteration count sit in the file's header,
// so a file decrypts anywhere. No home-made cryptography.
const ITERATIONS = 600000;
const enc = new TextEncoder();
const b64 = (bytes) => btoa(String.fromCharCode(...new Uint8Array(bytes)));
const unb64 = (text) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));

async function key(passphrase, salt, iterations, usage) {
  const base = await crypto.subtle.importKey('raw', enc.encode(passphrase), 'PBKDF2', false, ['deriveKey']);
  return crypto.subtle.deriveKey({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations }, base, { name: 'AES-GCM', length: 256 }, false, [usage]);
}

export async function encrypt_answers(json, passphrase) {
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const k = await key(passphrase, salt, ITERATIONS, 'encrypt');
  const data = await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, k, enc.encode(json));
  return JSON.stringify({
    schema: 'zjtx-encrypted', version: 1,
    kdf: { name: 'PBKDF2', hash: 'SHA-256', iterations: ITERATIONS, salt: b64(salt) },
    cipher: { name: 'AES-GCM', iv: b64(iv) },
    data: b64(data),
  }, null, 2);
}

// Resolves to the answers JSON; rejects with a zh-CN message.
export async function decrypt_answers(text, passphrase) {
  let file;
  try {
    file = JSON.parse(text);
  } catch {
    throw new Error('加密文件不完整或已损坏。');
  }
  if (file.schema !== 'zjtx-encrypted' || file.version !== 1 || file.kdf?.name !== 'PBKDF2' || file.cipher?.name !== 'AES-GCM') {
    throw new Error('不是本工具支持的加密答卷文件。');
  }
  // A file names its own iteration count; a hostile one could ask for
  // billions and hang the page. This tool writes 600 000; accept a sane range.
  const n = file.kdf.iterations;
  if (!Number.isInteger(n) || n < 100000 || n > 2000000) {
    throw new Error('加密答卷文件的密钥参数不在本工具支持的范围内，文件可能被改动过。');
  }
  try {
    const k = await key(passphrase, unb64(file.kdf.salt), file.kdf.iterations, 'decrypt');
    const plain = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: unb64(file.cipher.iv) }, k, unb64(file.data));
    return new TextDecoder().decode(plain);
  } catch {
    throw new Error('口令不对，或文件在加密后被改动过。');
  }
}
