//! Bindings to `www/zjtx-crypto.js` (WebCrypto AES-GCM with a PBKDF2 key).

use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

#[wasm_bindgen(module = "/www/zjtx-crypto.js")]
extern "C" {
    fn encrypt_answers(json: &str, passphrase: &str) -> js_sys::Promise;
    fn decrypt_answers(text: &str, passphrase: &str) -> js_sys::Promise;
}

fn message(e: JsValue) -> String {
    e.dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .unwrap_or_else(|| "浏览器不支持加密（WebCrypto）。".into())
}

pub async fn encrypt(json: &str, passphrase: &str) -> Result<String, String> {
    let v = JsFuture::from(encrypt_answers(json, passphrase))
        .await
        .map_err(message)?;
    v.as_string().ok_or_else(|| "加密失败。".into())
}

pub async fn decrypt(text: &str, passphrase: &str) -> Result<String, String> {
    let v = JsFuture::from(decrypt_answers(text, passphrase))
        .await
        .map_err(message)?;
    v.as_string().ok_or_else(|| "解密失败。".into())
}

/// Whether a file's text is an encrypted answers file.
pub fn is_encrypted(text: &str) -> bool {
    text.contains("\"zjtx-encrypted\"")
}
