// @ts-check
// Runs a callback in a task of its own, soon: the page's large report is built one section per
// task so that no task holds the main thread long. A chain of setTimeout(0) is clamped to 4 ms a
// step after five nested steps (HTML's timer nesting rule), which for a report of some forty
// sections was idle time; a MessageChannel message is a new task without that delay.
const channel = typeof MessageChannel === 'function' ? new MessageChannel() : null;
/** @type {(() => void)[]} */
const queue = [];
if (channel)
  channel.port1.onmessage = () => {
    const callback = queue.shift();
    callback?.();
  };

/** @param {() => void} callback */
export function nextTask(callback) {
  if (!channel) {
    setTimeout(callback, 0);
    return;
  }
  queue.push(callback);
  channel.port2.postMessage(null);
}
