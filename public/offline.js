// Tablet storage for offline rounds (see app/src/offline). Round lists and queued entries are
// kept in IndexedDB, each sealed with AES-GCM under the signed-in user's key. The key lives only
// in this tab's sessionStorage: it is gone when the tab closes or the user signs out, and what is
// left on the tablet cannot be read without signing in as that user again.
"use strict";
(function () {
  const DB_NAME = "throughcare-offline";
  const KEY_ITEM = "throughcare.offline.key";
  const OWNER_ITEM = "throughcare.offline.owner";

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

  window.throughcareOffline = {
    hasKey() {
      return !!sessionStorage.getItem(KEY_ITEM) && !!sessionStorage.getItem(OWNER_ITEM);
    },
    setKey(hex, who) {
      sessionStorage.setItem(KEY_ITEM, hex);
      sessionStorage.setItem(OWNER_ITEM, who);
    },
    forgetKey() {
      sessionStorage.removeItem(KEY_ITEM);
      sessionStorage.removeItem(OWNER_ITEM);
      // The cached round page names the last user; the next one fetches their own.
      if (window.caches) caches.delete("throughcare-shell-v1").catch(() => {});
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
