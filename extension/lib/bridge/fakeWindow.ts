/**
 * A window stand-in for the bridge tests: postMessage delivers asynchronously to every
 * 'message' listener with `source` = this window, like a same-window postMessage does.
 * `inject` lets a test play a page script posting whatever it likes.
 */
export function fakeWindow(origin = 'http://shop.localhost:4123') {
  const target = new EventTarget();
  const posted: unknown[] = [];
  const deliver = (data: unknown) => {
    const event = new Event('message');
    Object.defineProperties(event, { data: { value: data }, source: { value: win } });
    target.dispatchEvent(event);
  };
  const win = {
    location: { origin },
    addEventListener: target.addEventListener.bind(target),
    removeEventListener: target.removeEventListener.bind(target),
    postMessage(data: unknown) {
      posted.push(data);
      // structuredClone: what crosses a real postMessage is a copy, never the sender's object.
      const copy: unknown = structuredClone(data);
      setTimeout(() => deliver(copy), 0);
    },
  };
  return {
    // The bridge code only touches the members above; the rest of Window is not needed.
    window: win as unknown as Window,
    posted,
    inject: deliver,
  };
}
