interface CorkableSocket {
  cork(): void;
  uncork(): void;
}

const corked = new WeakSet<CorkableSocket>();

/**
 * amqplib writes every frame (a publish, an ack) to the socket on its own, from a callback it
 * schedules with setImmediate. Corking the channel's connection socket until the turn after
 * that sends the frames of one burst — a relay round's messages, a batch of acks — in one
 * write instead of one each. A no-op for anything that is not an amqplib channel on a socket.
 */
export function coalesceWrites(channel: unknown): void {
  const socket = (channel as { connection?: { stream?: Partial<CorkableSocket> } })?.connection
    ?.stream;
  if (typeof socket?.cork !== 'function' || typeof socket.uncork !== 'function') return;
  const target = socket as CorkableSocket;
  if (corked.has(target)) return;
  corked.add(target);
  target.cork();
  setImmediate(() =>
    setImmediate(() => {
      corked.delete(target);
      target.uncork();
    }),
  );
}
