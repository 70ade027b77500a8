// Tablet storage for offline rounds (see app/src/offline). Round lists and queued entries are
// kept in IndexedDB, each sealed with AES-GCM under the signed-in user's key.
//
// How the key is kept (docs/security/offline-key.md says what this protects against):
// - The server hands its owner's signed-in tablet the key (every generation: it rotates when the
//   password changes). It is imported at once as a *non-extractable* CryptoKey: no script, ours
//   or an injected one, can read its bytes back out.
// - Unlocked, the CryptoKeys sit in IndexedDB ("unlocked"), usable only by the tab that unlocked
//   them (a random tab id in sessionStorage must match), so a closed tab cannot be reopened
//   without a password.
// - For an unlock in a dead zone, the keys are also kept *wrapped* ("wrapped"): encrypted under a
//   key derived from the password (PBKDF2, then an HMAC with a non-extractable key of this
//   browser, so that a copy of the store cannot be guessed at anywhere but in this browser).
//   Unwrapping *is* the password check: there is no verifier. Wrong tries are counted beside the
//   wrapped keys and the fifth forgets them.
// - Locking drops the unlocked keys and the wrapping key: only the password brings them back.
"use strict";
(function () {
  const DB_NAME = "throughcare-offline";
  const DB_VERSION = 2;
  // What an earlier version kept in sessionStorage (the key as hex and a password verifier):
  // removed on load, so no tablet keeps them after an update.
  const LEGACY_ITEMS = ["throughcare.offline.key", "throughcare.offline.owner", "throughcare.offline.unlock", "throughcare.offline.unlock-failures"];
  const TAB_ITEM = "throughcare.offline.tab";
  // Only what the page shows while it loads; the lock itself is the absence of unlocked keys.
  const LOCKED_ITEM = "throughcare.offline.locked";
  const PAGES_CACHE = "throughcare-pages-v1";
  const DEVICE = "device";
  const UNLOCKED = "unlocked";
  const WRAPPED = "wrapped";
  // OWASP's 2023 figure for PBKDF2-HMAC-SHA256.
  const ITERATIONS = 600000;
  // As on the server (auth::ssr::MAX_FAILED_SIGN_INS).
  const MAX_UNLOCK_FAILURES = 5;
  // How long a sign-in may take to finish before the keys are fetched for wrapping.
  const FETCH_TRIES = 20;
  const FETCH_PAUSE_MS = 500;
  // What a role that does not give doses gets wrapped: nothing to read, but the password check.
  const NO_KEYS = { owner: "", current: 0, keys: [] };

  // The wrapping key of the password typed last in this page (dropped on lock and sign-out), so
  // that keys fetched later (a rotation, a first round list) are wrapped too.
  let wrapping = null;
  let unlocked = null;
  let rememberSequence = 0;

  for (const item of LEGACY_ITEMS) sessionStorage.removeItem(item);

  function database() {
    return new Promise((resolve, reject) => {
      const request = indexedDB.open(DB_NAME, DB_VERSION);
      request.onupgradeneeded = () => {
        const db = request.result;
        for (const store of ["rounds", "keys"]) {
          if (!db.objectStoreNames.contains(store)) db.createObjectStore(store);
        }
        if (!db.objectStoreNames.contains("queue")) db.createObjectStore("queue", { keyPath: "id" });
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

  const readKey = (name) => run("keys", "readonly", (s) => s.get(name));
  const writeKey = (name, value) => run("keys", "readwrite", (s) => s.put(value, name));
  const dropKeys = (names) => run("keys", "readwrite", (s) => names.forEach((n) => s.delete(n)));

  function random(length) {
    return crypto.getRandomValues(new Uint8Array(length));
  }

  function unhex(text) {
    if (!/^[0-9a-f]{64}$/.test(text)) throw new Error("the server sent a key that is not 32 bytes of hex");
    const bytes = new Uint8Array(32);
    for (let i = 0; i < 32; i++) bytes[i] = parseInt(text.substr(i * 2, 2), 16);
    return bytes;
  }

  function tabId() {
    let id = sessionStorage.getItem(TAB_ITEM);
    if (!id) {
      id = Array.from(random(16), (b) => b.toString(16).padStart(2, "0")).join("");
      sessionStorage.setItem(TAB_ITEM, id);
    }
    return id;
  }

  // This browser's own secret in the wrapping: made once, never readable, never sent anywhere.
  async function deviceKey() {
    const stored = await readKey(DEVICE);
    if (stored) return stored;
    const key = await crypto.subtle.generateKey({ name: "HMAC", hash: "SHA-256", length: 256 }, false, ["sign"]);
    await writeKey(DEVICE, key);
    return key;
  }

  async function wrappingKey(password, salt, iterations) {
    const material = await crypto.subtle.importKey("raw", new TextEncoder().encode(password), "PBKDF2", false, ["deriveBits"]);
    const stretched = await crypto.subtle.deriveBits({ name: "PBKDF2", hash: "SHA-256", salt, iterations }, material, 256);
    const bound = await crypto.subtle.sign("HMAC", await deviceKey(), stretched);
    return crypto.subtle.importKey("raw", bound, "AES-GCM", false, ["encrypt", "decrypt"]);
  }

  // The server's answer (app::offline::OfflineKeys) checked and imported as non-extractable keys.
  async function importKeys(offered) {
    if (!offered || typeof offered.owner !== "string" || !Array.isArray(offered.keys) || offered.keys.length === 0) {
      throw new Error("the server's offline keys are not in the expected shape");
    }
    const keys = {};
    for (const [generation, hex] of offered.keys) {
      keys[generation] = await crypto.subtle.importKey("raw", unhex(hex), "AES-GCM", false, ["encrypt", "decrypt"]);
    }
    if (!keys[offered.current]) throw new Error("the server's current offline key is missing");
    return { owner: offered.owner, current: offered.current, keys };
  }

  async function keepUnlocked(imported) {
    const record = { ...imported, tab: tabId() };
    await writeKey(UNLOCKED, record);
    unlocked = record;
    sessionStorage.removeItem(LOCKED_ITEM);
  }

  async function wrap(offered, username) {
    if (!wrapping) return;
    const { key, salt, iterations } = wrapping;
    const before = await readKey(WRAPPED);
    const iv = random(12);
    const data = await crypto.subtle.encrypt({ name: "AES-GCM", iv }, key, new TextEncoder().encode(JSON.stringify(offered)));
    const who = username || (before && before.owner === offered.owner ? before.username : "");
    await writeKey(WRAPPED, { owner: offered.owner, username: who, salt, iterations, iv, data, failures: 0 });
  }

  async function fetchKeys() {
    for (let attempt = 0; attempt < FETCH_TRIES; attempt++) {
      const response = await fetch("/api/offline_queue_key", {
        method: "POST",
        credentials: "same-origin",
        headers: { Accept: "application/json", "Content-Type": "application/x-www-form-urlencoded" },
        body: "",
      }).catch(() => null);
      if (response && response.ok) return response.json();
      // 403: a role that does not give doses has no offline round, only a screen to unlock.
      if (response && response.status === 403) return NO_KEYS;
      await new Promise((resolve) => setTimeout(resolve, FETCH_PAUSE_MS));
    }
    return null;
  }

  async function current() {
    if (sessionStorage.getItem(LOCKED_ITEM) === "1") throw new Error("the screen is locked");
    if (!unlocked) {
      const stored = await readKey(UNLOCKED);
      // Unlocked in a tab that has since closed: only the password opens it again.
      if (stored && stored.tab !== sessionStorage.getItem(TAB_ITEM)) {
        await dropKeys([UNLOCKED]);
      } else {
        unlocked = stored || null;
      }
    }
    if (!unlocked) throw new Error("no offline key: sign in while online first");
    return unlocked;
  }

  async function seal(text) {
    const { owner, current: generation, keys } = await current();
    const iv = random(12);
    const data = await crypto.subtle.encrypt({ name: "AES-GCM", iv }, keys[generation], new TextEncoder().encode(text));
    return { owner, sealed: { generation, iv, data } };
  }

  async function unseal(sealed) {
    // Entries sealed before keys had generations were sealed under the first.
    const key = (await current()).keys[sealed.generation || 1];
    if (!key) throw new Error("sealed under a key this tablet does not hold");
    const plain = await crypto.subtle.decrypt({ name: "AES-GCM", iv: sealed.iv }, key, sealed.data);
    return new TextDecoder().decode(plain);
  }

  function forgetKey() {
    wrapping = null;
    unlocked = null;
    sessionStorage.removeItem(LOCKED_ITEM);
    const keys = dropKeys([UNLOCKED, WRAPPED]).catch(() => false);
    // The cached round page names the last user; the next one fetches their own.
    const pages = window.caches ? caches.delete(PAGES_CACHE).catch(() => false) : Promise.resolve(false);
    return Promise.all([keys, pages]);
  }

  window.throughcareOffline = {
    async hasKey() {
      try {
        await current();
        return true;
      } catch (_) {
        return false;
      }
    },
    // The server's answer to offline_queue_key, as JSON.
    async setKeys(json) {
      const offered = JSON.parse(json);
      await keepUnlocked(await importKeys(offered));
      await wrap(offered, "");
    },
    forgetKey,
    // Called with a password the user has just typed, once the server has accepted it (the caller
    // says so): the keys are fetched and wrapped under it, the latest call winning.
    async rememberPassword(password, username) {
      const sequence = ++rememberSequence;
      const salt = random(16);
      const key = await wrappingKey(password, salt, ITERATIONS);
      if (sequence !== rememberSequence) return;
      wrapping = { key, salt, iterations: ITERATIONS };
      const offered = await fetchKeys();
      if (!offered || sequence !== rememberSequence) return;
      if (offered.keys.length > 0) await keepUnlocked(await importKeys(offered));
      await wrap(offered, username);
    },
    // "right", "wrong:<tries left>", "signed-out" (too many wrong tries: the keys are gone) or
    // "unavailable" (nothing wrapped on this tablet).
    async checkPassword(password) {
      const stored = await readKey(WRAPPED);
      if (!stored) return "unavailable";
      const key = await wrappingKey(password, stored.salt, stored.iterations);
      let plain;
      try {
        plain = await crypto.subtle.decrypt({ name: "AES-GCM", iv: stored.iv }, key, stored.data);
      } catch (_) {
        const failures = (stored.failures || 0) + 1;
        if (failures >= MAX_UNLOCK_FAILURES) {
          await forgetKey();
          return "signed-out";
        }
        await writeKey(WRAPPED, { ...stored, failures });
        return "wrong:" + (MAX_UNLOCK_FAILURES - failures);
      }
      await writeKey(WRAPPED, { ...stored, failures: 0 });
      wrapping = { key, salt: stored.salt, iterations: stored.iterations };
      const offered = JSON.parse(new TextDecoder().decode(plain));
      if (offered.keys.length > 0) await keepUnlocked(await importKeys(offered));
      else sessionStorage.removeItem(LOCKED_ITEM);
      return "right";
    },
    async lockedFor() {
      const stored = await readKey(WRAPPED);
      return stored ? stored.username : "";
    },
    // Locking drops the unlocked keys; the flag keeps a reload in a dead zone on the lock screen.
    async setLocked(locked) {
      if (!locked) {
        sessionStorage.removeItem(LOCKED_ITEM);
        return;
      }
      sessionStorage.setItem(LOCKED_ITEM, "1");
      wrapping = null;
      unlocked = null;
      await dropKeys([UNLOCKED]);
    },
    isLocked() {
      return sessionStorage.getItem(LOCKED_ITEM) === "1";
    },
    // What the tablet holds, without any of it: for the end-to-end tests and a support desk.
    async describeKeys() {
      const [stored, wrapped] = await Promise.all([readKey(UNLOCKED), readKey(WRAPPED)]);
      const keys = stored ? Object.values(stored.keys) : [];
      return JSON.stringify({
        unlocked: !!stored,
        generations: stored ? Object.keys(stored.keys).map(Number) : [],
        allExtractable: keys.some((k) => k.extractable),
        allCryptoKeys: keys.every((k) => k instanceof CryptoKey),
        wrapped: !!wrapped,
        wrappedFields: wrapped ? Object.keys(wrapped).sort() : [],
        failures: wrapped ? wrapped.failures : 0,
      });
    },
    // Entries of anyone on this tablet: says whether this user's key is worth fetching.
    async queuedCount() {
      return run("queue", "readonly", (s) => s.count());
    },
    async saveRound(name, json) {
      const { owner, sealed } = await seal(json);
      await run("rounds", "readwrite", (s) => s.put({ owner, sealed }, owner + "/" + name));
    },
    async loadRound(name) {
      const { owner } = await current();
      const value = await run("rounds", "readonly", (s) => s.get(owner + "/" + name));
      return value ? unseal(value.sealed) : null;
    },
    async enqueue(id, json) {
      const { owner, sealed } = await seal(json);
      await run("queue", "readwrite", (s) => s.put({ id, owner, at: Date.now(), sealed }));
    },
    // This user's queued entries, oldest first, as a JSON array of their texts.
    async queued() {
      const { owner } = await current();
      const all = await run("queue", "readonly", (s) => s.getAll());
      const mine = (all || []).filter((v) => v.owner === owner).sort((a, b) => a.at - b.at);
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
