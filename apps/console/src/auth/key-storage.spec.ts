import { forgetKey, keyFromFragment, storedKey, storeKey } from './key-storage';

describe('key storage', () => {
  it('reads the key of a /#key= link, and nothing else', () => {
    expect(keyFromFragment('#key=pk_live_AbC-d_0123456789xyz')).toBe('pk_live_AbC-d_0123456789xyz');
    expect(keyFromFragment('#/tickets/1')).toBeNull();
    expect(keyFromFragment('#key=short')).toBeNull();
    expect(keyFromFragment('#key=pk_live_0123456789abcdef&x=<script>')).toBeNull();
  });

  it('keeps the key in the storage it is given, and forgets it', () => {
    const values = new Map<string, string>();
    const storage = {
      getItem: (name: string) => values.get(name) ?? null,
      setItem: (name: string, value: string) => void values.set(name, value),
      removeItem: (name: string) => void values.delete(name),
    };
    storeKey(storage, 'pk_live_0123456789abcdef');
    expect(storedKey(storage)).toBe('pk_live_0123456789abcdef');
    forgetKey(storage);
    expect(storedKey(storage)).toBeNull();
  });
});
