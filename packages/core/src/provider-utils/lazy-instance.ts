/**
 * An object that builds the real one on first use, so that importing the package reads no
 * environment variable and opens nothing. Properties in `known` (kind, provider, capabilities)
 * are answered without building it, so inspecting the default instance never throws.
 */
export function lazyInstance<T extends object>(known: Partial<T>, create: () => T): T {
  let instance: T | undefined;
  const get = () => {
    instance ??= create();
    return instance;
  };
  return new Proxy({} as T, {
    get(_target, property) {
      if (instance === undefined && Object.hasOwn(known, property))
        return (known as Record<PropertyKey, unknown>)[property];
      const target = get();
      const value = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
    has(_target, property) {
      return Reflect.has(get(), property);
    },
    ownKeys() {
      return Reflect.ownKeys(get());
    },
    getOwnPropertyDescriptor(_target, property) {
      const descriptor = Reflect.getOwnPropertyDescriptor(get(), property);
      return descriptor ? { ...descriptor, configurable: true } : undefined;
    },
  });
}
