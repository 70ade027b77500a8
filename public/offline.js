// Tablet storage for offline rounds (see app/src/offline). Round lists and queued entries are
// kept in IndexedDB, each sealed with AES-GCM under the signed-in user's key. The key lives only
// in this tab's sessionStorage: it is gone when the tab closes or the user signs out, and what is
// left on the tablet cannot be read without signing in as that user again.
"use strict";
(function () {
  const DB_NAME = "throughcare-offline";
  const KEY_ITEM = "throughcare.offline.key";
  const OWNER_ITEM = "throughcare.offline.owner";
  // A PBKDF2 verifier of the password typed at sign-in, so the screen lock can be lifted in a dead
  // zone. It sits beside the key it protects: whoever can read this tab's storage already holds
  // the key, so the verifier gives nothing away that the key does not.
  const UNLOCK_ITEM = "throughcare.offline.unlock";
  const UNLOCK_FAILURES_ITEM = "throughcare.offline.unlock-failures";
  const LOCKED_ITEM = "throughcare.offline.locked";
  const PAGES_CACHE = "throughcare-pages-v1";
  // OWASP's 2023 figure for PBKDF2-HMAC-SHA256.
  const ITERATIONS = 600000;
  // As on the server (auth::ssr::MAX_UNLOCK_FAILURES).
  const MAX_UNLOCK_FAILURES = 5;
  let rememberSequence = 0;

  function database() {
    return new Promise((resolve, reject) => {
      const request = indexedDB.open(DB_NAME, 1);
      request.onupgradeneeded = () => {
        request.result.createObjectStore("rounds");
        request.result.createObjectStore("queue", { keyPath: "id" });
      };
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
  }

  async function run(store, mode, work) {
    const db = await database();
    try {
      return await new Promise((resolve, reject) => {
        const tx = db.transaction(store, mode);
        const request = work(tx.objectStore(store));
        let result;
        if (request) request.onsuccess = () => (result = request.result);
        tx.oncomplete = () => resolve(result);
        tx.onerror = () => reject(tx.error);
        tx.onabort = () => reject(tx.error);
      });
    } finally {
      db.close();
    }
  }

  function owner() {
    const who = sessionStorage.getItem(OWNER_ITEM);
    if (!who) throw new Error("no offline key: sign in while online first");
    return who;
  }

  async function cryptoKey() {
    const hex = sessionStorage.getItem(KEY_ITEM);
    if (!hex || hex.length !== 64) throw new Error("no offline key: sign in while online first");
    const bytes = new Uint8Array(32);
    for (let i = 0; i < 32; i++) bytes[i] = parseInt(hex.substr(i * 2, 2), 16);
    return crypto.subtle.importKey("raw", bytes, "AES-GCM", false, ["encrypt", "decrypt"]);
  }

  async function seal(text) {
    const iv = crypto.getRandomValues(new Uint8Array(12));
    const data = await crypto.subtle.encrypt({ name: "AES-GCM", iv }, await cryptoKey(), new TextEncoder().encode(text));
    return { iv, data };
  }

  async function unseal(sealed) {
    const plain = await crypto.subtle.decrypt({ name: "AES-GCM", iv: sealed.iv }, await cryptoKey(), sealed.data);
    return new TextDecoder().decode(plain);
  }

  function hex(bytes) {
    return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  }

  function unhex(text) {
    const bytes = new Uint8Array(text.length / 2);
    for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(text.substr(i * 2, 2), 16);
    return bytes;
  }

  async function stretch(password, salt, iterations) {
    const material = await crypto.subtle.importKey("raw", new TextEncoder().encode(password), "PBKDF2", false, ["deriveBits"]);
    const bits = await crypto.subtle.deriveBits({ name: "PBKDF2", hash: "SHA-256", salt, iterations }, material, 256);
    return hex(new Uint8Array(bits));
  }

  function sameText(a, b) {
    let difference = a.length ^ b.length;
    for (let i = 0; i < Math.min(a.length, b.length); i++) difference |= a.charCodeAt(i) ^ b.charCodeAt(i);
    return difference === 0;
  }

  function forgetKey() {
    for (const item of [KEY_ITEM, OWNER_ITEM, UNLOCK_ITEM, UNLOCK_FAILURES_ITEM, LOCKED_ITEM]) {
      sessionStorage.removeItem(item);
    }
    // The cached round page names the last user; the next one fetches their own.
    if (window.caches) return caches.delete(PAGES_CACHE).catch(() => false);
    return Promise.resolve(false);
  }

  window.throughcareOffline = {
    hasKey() {
      return !!sessionStorage.getItem(KEY_ITEM) && !!sessionStorage.getItem(OWNER_ITEM);
    },
    setKey(hex, who) {
      sessionStorage.setItem(KEY_ITEM, hex);
      sessionStorage.setItem(OWNER_ITEM, who);
    },
    forgetKey,
    // Called with the password the user has just typed; keeps a verifier once it is known to be
    // right (the caller says so), the latest call winning.
    async rememberPassword(password, username) {
      const sequence = ++rememberSequence;
      const salt = crypto.getRandomValues(new Uint8Array(16));
      const verifier = await stretch(password, salt, ITERATIONS);
      if (sequence !== rememberSequence) return;
      const before = JSON.parse(sessionStorage.getItem(UNLOCK_ITEM) || "{}");
      sessionStorage.setItem(
        UNLOCK_ITEM,
        JSON.stringify({ salt: hex(salt), iterations: ITERATIONS, verifier, username: username || before.username || "" }),
      );
      sessionStorage.removeItem(UNLOCK_FAILURES_ITEM);
    },
    // "right", "wrong", "signed-out" (too many wrong tries: the key is gone) or "unavailable".
    async checkPassword(password) {
      const stored = JSON.parse(sessionStorage.getItem(UNLOCK_ITEM) || "null");
      if (!stored || !stored.salt || !stored.verifier) return "unavailable";
      const typed = await stretch(password, unhex(stored.salt), stored.iterations);
      if (sameText(typed, stored.verifier)) {
        sessionStorage.removeItem(UNLOCK_FAILURES_ITEM);
        return "right";
      }
      const failures = Number(sessionStorage.getItem(UNLOCK_FAILURES_ITEM) || "0") + 1;
      if (failures >= MAX_UNLOCK_FAILURES) {
        await forgetKey();
        return "signed-out";
      }
      sessionStorage.setItem(UNLOCK_FAILURES_ITEM, String(failures));
      return "wrong";
    },
    unlockTriesLeft() {
      return MAX_UNLOCK_FAILURES - Number(sessionStorage.getItem(UNLOCK_FAILURES_ITEM) || "0");
    },
    lockedFor() {
      const stored = JSON.parse(sessionStorage.getItem(UNLOCK_ITEM) || "null");
      return stored ? stored.username : "";
    },
    // The lock outlives a reload: offline, the cached page would otherwise open unlocked.
    setLocked(locked) {
      if (locked) sessionStorage.setItem(LOCKED_ITEM, "1");
      else sessionStorage.removeItem(LOCKED_ITEM);
    },
    isLocked() {
      return sessionStorage.getItem(LOCKED_ITEM) === "1";
    },
    // Entries of anyone on this tablet: says whether this user's key is worth fetching.
    async queuedCount() {
      return run("queue", "readonly", (s) => s.count());
    },
    async saveRound(name, json) {
      const value = { owner: owner(), sealed: await seal(json) };
      await run("rounds", "readwrite", (s) => s.put(value, owner() + "/" + name));
    },
    async loadRound(name) {
      const value = await run("rounds", "readonly", (s) => s.get(owner() + "/" + name));
      return value ? unseal(value.sealed) : null;
    },
    async enqueue(id, json) {
      const value = { id, owner: owner(), at: Date.now(), sealed: await seal(json) };
      await run("queue", "readwrite", (s) => s.put(value));
    },
    // This user's queued entries, oldest first, as a JSON array of their texts.
    async queued() {
      const who = owner();
      const all = await run("queue", "readonly", (s) => s.getAll());
      const mine = (all || []).filter((v) => v.owner === who).sort((a, b) => a.at - b.at);
      const texts = [];
      for (const v of mine) texts.push(JSON.parse(await unseal(v.sealed)));
      return JSON.stringify(texts);
    },
    async dequeue(id) {
      await run("queue", "readwrite", (s) => s.delete(id));
    },
    registerShell() {
      if ("serviceWorker" in navigator) {
        navigator.serviceWorker.register("/sw.js").catch(() => {});
      }
    },
  };
})();
