/**
 * Whether the hub answers, from the latest evidence: a request that got an answer (even an
 * error), a request that got none, the socket connecting or dropping, the browser going
 * offline. Screens show a banner while it is unreachable.
 */
type Listener = () => void;

let reachable = true;
const listeners = new Set<Listener>();

function set(value: boolean): void {
  if (value === reachable) return;
  reachable = value;
  for (const listener of listeners) listener();
}

export const connectivity = {
  reachable: () => reachable,
  markReachable: () => set(true),
  markUnreachable: () => set(false),
  subscribe(listener: Listener): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};

window.addEventListener('offline', () => set(false));
