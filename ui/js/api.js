// The one way the UI reaches the system: the app's own commands through Tauri's IPC.
// Errors always come back as {code, message, fields?}; anything else (a broken argument,
// a missing command) becomes a generic internal error, so no internal text is shown.

const GENERIC = 'Something went wrong. Nothing was lost; try again.';

function normalise(err) {
  if (err && typeof err === 'object' && typeof err.code === 'string' && typeof err.message === 'string') {
    const out = { code: err.code, message: err.message };
    if (Array.isArray(err.fields)) {
      out.fields = err.fields
        .filter((f) => f && typeof f.field === 'string' && typeof f.message === 'string')
        .map((f) => ({ field: f.field, message: f.message }));
    }
    return out;
  }
  return { code: 'internal', message: GENERIC };
}

/** Calls a command; resolves with its value or rejects with {code, message, fields?}. */
export async function call(cmd, args = {}) {
  const tauri = window.__TAURI__;
  if (!tauri || !tauri.core || typeof tauri.core.invoke !== 'function') {
    throw { code: 'internal', message: GENERIC };
  }
  try {
    return await tauri.core.invoke(cmd, args);
  } catch (err) {
    const e = normalise(err);
    if (e.code === 'locked') {
      window.dispatchEvent(new CustomEvent('kindred-locked'));
    }
    throw e;
  }
}

/** Listens for an event sent by the shell (e.g. the idle lock); returns nothing useful. */
export function listen(event, handler) {
  const tauri = window.__TAURI__;
  if (tauri && tauri.event && typeof tauri.event.listen === 'function') {
    tauri.event.listen(event, handler).catch(() => {});
  }
}
