// Network guard for the whole test suite (vitest setupFiles) and for child
// processes the tests start (NODE_OPTIONS=--import). Any connection or DNS
// lookup that is not loopback throws before a packet leaves the machine.
import dns from "node:dns";
import net from "node:net";

const LOOPBACK_NAMES = new Set(["localhost", "ip6-localhost", "ip6-loopback"]);

/** True for 127.0.0.0/8, ::1, localhost and unix sockets. */
export function isLoopback(host) {
  if (host === undefined || host === null || host === "") return true; // defaults to localhost
  const h = String(host).replace(/^\[|\]$/g, "").toLowerCase();
  if (LOOPBACK_NAMES.has(h) || h.endsWith(".localhost")) return true;
  if (h === "::1" || h === "0:0:0:0:0:0:0:1") return true;
  if (/^::ffff:127\./.test(h)) return true;
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

function refuse(what, host) {
  const error = new Error(`network guard: ${what} to non-loopback host "${host}" refused (tests must not reach the network)`);
  error.code = "ENETGUARD";
  return error;
}

if (!globalThis.__cloudSrmNetworkGuard) {
  globalThis.__cloudSrmNetworkGuard = true;
  const connect = net.Socket.prototype.connect;
  net.Socket.prototype.connect = function guardedConnect(...args) {
    const first = args[0];
    let options = first;
    if (Array.isArray(first)) options = first[0];
    let host;
    let path;
    if (options && typeof options === "object") {
      host = options.host;
      path = options.path;
    } else if (typeof first === "number" || /^\d+$/.test(String(first))) {
      host = typeof args[1] === "string" ? args[1] : undefined;
    } else if (typeof first === "string") {
      path = first;
    }
    if (!path && !isLoopback(host)) throw refuse("connection", host);
    return connect.apply(this, args);
  };

  const guardLookup = (original) =>
    function guardedLookup(hostname, ...rest) {
      if (!isLoopback(hostname)) {
        const callback = rest.find((r) => typeof r === "function");
        const error = refuse("DNS lookup", hostname);
        if (callback) {
          process.nextTick(() => callback(error));
          return {};
        }
        throw error;
      }
      return original.call(this, hostname, ...rest);
    };
  dns.lookup = guardLookup(dns.lookup);
  const promiseLookup = dns.promises.lookup;
  dns.promises.lookup = async function guardedPromiseLookup(hostname, ...rest) {
    if (!isLoopback(hostname)) throw refuse("DNS lookup", hostname);
    return promiseLookup.call(this, hostname, ...rest);
  };
  for (const method of ["resolve", "resolve4", "resolve6", "resolveAny", "resolveCname", "resolveTxt", "resolveSrv"]) {
    const original = dns[method];
    dns[method] = function guardedResolve(hostname, ...rest) {
      if (!isLoopback(hostname)) {
        const callback = rest.find((r) => typeof r === "function");
        const error = refuse("DNS resolve", hostname);
        if (callback) return void process.nextTick(() => callback(error));
        throw error;
      }
      return original.call(this, hostname, ...rest);
    };
  }
}
