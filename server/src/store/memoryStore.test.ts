import { emptyMemoryData, MemoryStore, type MemoryData } from './memoryStore.ts';
import { describeStoreContract } from './storeContract.ts';

// The same data under a new handle is this store's restart: what the contract calls reopen.
let data: MemoryData = emptyMemoryData();

describeStoreContract('memory', {
  open: async () => {
    data = emptyMemoryData();
    return new MemoryStore(data);
  },
  reopen: async () => new MemoryStore(data),
  cleanup: async () => undefined,
});
