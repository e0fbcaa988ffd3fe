/** Generated Azure estates for the fake: subscriptions with resource groups, storage accounts, VMs and networks. */
import type { FakeAzureResource, FakeSubscription } from "./server.js";

export const TENANT = "72f988bf-0000-4000-8000-00000000cafe";
/** The token the fake accepts, shaped like an Entra access token (a JWT with tid/oid/upn claims). */
export const TOKEN = [
  Buffer.from(JSON.stringify({ typ: "JWT", alg: "RS256" })).toString("base64url"),
  Buffer.from(JSON.stringify({ aud: "https://management.azure.com", tid: TENANT, oid: "00000000-0000-4000-8000-0000000000a1", upn: "auditor@contoso.test" })).toString("base64url"),
  "c2VjcmV0LXNpZ25hdHVyZS1vZi10aGUtZmFrZS10b2tlbg",
].join(".");
/** A secret a storage account's properties carry; it must never come out. */
export const STORAGE_KEY = "fakeStorageKey+0123456789abcdefghijklmnopqrstuvwxyzABCDEF==";

/** A subscription id for a number: 00000000-0000-4000-8000-<n>. */
export function subscriptionId(n: number): string {
  return `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;
}

/** A fake token credential (any object with getToken will do). */
export function fakeCredential(token = TOKEN) {
  return { getToken: async () => ({ token, expiresOnTimestamp: Date.now() + 3600_000 }) };
}

/**
 * A subscription with `count` resources spread over resource groups of up to
 * 10: storage accounts (with properties evidence reads, and a key), virtual
 * machines and virtual networks.
 */
export function subscription(n: number, count: number, extra: Partial<FakeSubscription> = {}): FakeSubscription {
  const id = subscriptionId(n);
  const groups: FakeAzureResource[] = [];
  const resources: FakeAzureResource[] = [];
  for (let i = 0; i < count; i++) {
    const g = Math.floor(i / 10);
    const group = `rg-${n}-${g}`;
    if (i % 10 === 0) {
      groups.push({ id: `/subscriptions/${id}/resourceGroups/${group}`, name: group, type: "Microsoft.Resources/subscriptions/resourceGroups", location: "westeurope", tags: { env: g % 2 ? "prod" : "dev" } });
    }
    const base = `/subscriptions/${id}/resourceGroups/${group}/providers`;
    switch (i % 3) {
      case 0: {
        const name = `st${n}x${i}`;
        resources.push({
          id: `${base}/Microsoft.Storage/storageAccounts/${name}`,
          name,
          type: "Microsoft.Storage/storageAccounts",
          location: "westeurope",
          kind: "StorageV2",
          sku: { name: "Standard_LRS", tier: "Standard" },
          tags: { env: "prod", owner: `team-${i % 4}` },
          properties: {
            minimumTlsVersion: i % 2 ? "TLS1_2" : "TLS1_0",
            allowBlobPublicAccess: i % 2 === 0,
            supportsHttpsTrafficOnly: true,
            encryption: { keySource: "Microsoft.Storage", services: { blob: { enabled: true } } },
            primaryKey: STORAGE_KEY,
          },
        });
        break;
      }
      case 1: {
        const name = `vm-${n}-${i}`;
        resources.push({
          id: `${base}/Microsoft.Compute/virtualMachines/${name}`,
          name,
          type: "Microsoft.Compute/virtualMachines",
          location: "westeurope",
          tags: null,
          properties: { hardwareProfile: { vmSize: "Standard_B2s" }, osProfile: { computerName: name, adminUsername: "azureuser", adminPassword: "Hunter2-must-not-leak!" } },
        });
        break;
      }
      default: {
        const name = `vnet-${n}-${i}`;
        resources.push({ id: `${base}/Microsoft.Network/virtualNetworks/${name}`, name, type: "Microsoft.Network/virtualNetworks", location: "northeurope", tags: { "cost-center": "42" }, properties: { addressSpace: { addressPrefixes: ["10.0.0.0/16"] } } });
      }
    }
  }
  return { id, name: `sub-${n}`, groups, resources, ...extra };
}
