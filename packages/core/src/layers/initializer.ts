import { serialization } from '@tensorflow/tfjs-core';
import { initializers } from '@tensorflow/tfjs-layers';

/** A tfjs-layers initializer instance. */
export type Initializer = ReturnType<typeof initializers.zeros>;

/** An initializer in a layer's JSON config. */
export interface InitializerConfig {
  /** Registered class name, e.g. `'VarianceScaling'`. */
  readonly className: string;
  /** The initializer's own config. */
  readonly config: serialization.ConfigDict;
}

/** Serialises an initializer for a layer config. */
export function serializeInitializer(initializer: Initializer): InitializerConfig {
  const className = (initializer.constructor as unknown as { className: string }).className;
  return { className, config: initializer.getConfig() };
}

/**
 * An initializer from an instance or its JSON config, rebuilt through tfjs's serialization map
 * (where tfjs-layers registers every initializer class).
 */
export function resolveInitializer(value: Initializer | InitializerConfig | undefined, fallback: () => Initializer): Initializer {
  if (value === undefined) return fallback();
  if (typeof (value as Initializer).apply === 'function') return value as Initializer;
  const { className, config } = value as InitializerConfig;
  const entry = serialization.SerializationMap.getMap().classNameMap[className];
  if (entry === undefined) throw new RangeError(`Unknown initializer class '${className}'.`);
  const [cls, fromConfig] = entry;
  return fromConfig(cls, config) as unknown as Initializer;
}
