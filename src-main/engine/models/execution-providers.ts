import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { listSupportedBackends } from 'onnxruntime-node';

/**
 * Which execution providers to try, in order: the platform's GPU provider first, CPU always last.
 * The preference list is intersected with what this onnxruntime-node build actually offers.
 */
export type ExecutionProvider = 'cuda' | 'dml' | 'coreml' | 'webgpu' | 'cpu';

export type ProviderAvailability = { provider: ExecutionProvider; available: boolean; reason: string };

export function preferredProviders(platform: NodeJS.Platform = process.platform): ExecutionProvider[] {
  switch (platform) {
    case 'win32':
      return ['dml', 'cpu'];
    case 'darwin':
      return ['coreml', 'cpu'];
    default:
      return ['cuda', 'cpu'];
  }
}

/** The CUDA provider is an optional download (see README): present only if its library is. */
function cudaLibraryInstalled(): boolean {
  try {
    const packageDir = path.dirname(createRequire(import.meta.url).resolve('onnxruntime-node/package.json'));
    const binary = path.join(packageDir, 'bin', 'napi-v6', process.platform, process.arch);
    return existsSync(path.join(binary, 'libonnxruntime_providers_cuda.so'));
  } catch {
    return false;
  }
}

/**
 * WebGPU on Linux runs on Vulkan: without the Vulkan loader Dawn finds no adapter (after printing
 * its own warning on stderr), so the provider is not offered. The dynamic loader's usual folders
 * and LD_LIBRARY_PATH are searched, as it would.
 */
export function vulkanLoaderInstalled(env: NodeJS.ProcessEnv): boolean {
  const triplet = process.arch === 'arm64' ? 'aarch64-linux-gnu' : 'x86_64-linux-gnu';
  const folders = [...(env.LD_LIBRARY_PATH ?? '').split(':').filter(Boolean), `/usr/lib/${triplet}`, `/lib/${triplet}`, '/usr/lib64', '/lib64', '/usr/lib', '/usr/local/lib'];
  return folders.some((folder) => existsSync(path.join(folder, 'libvulkan.so.1')));
}

/**
 * What this machine can use, with a reason for each provider in the preference list. An explicit
 * list in CULLER_EXECUTION_PROVIDERS (e.g. "cpu" or "cuda,cpu") replaces the preference.
 */
export function providerAvailability(env: NodeJS.ProcessEnv = process.env): ProviderAvailability[] {
  const requested = env.CULLER_EXECUTION_PROVIDERS?.split(',').map((name) => name.trim()).filter(Boolean);
  const preference = (requested?.length ? requested : preferredProviders()) as ExecutionProvider[];
  const backends = new Map(listSupportedBackends().map((backend) => [backend.name, backend.bundled]));
  const withCpu = preference.includes('cpu') ? preference : [...preference, 'cpu' as const];
  return withCpu.map((provider) => {
    if (provider === 'cpu') return { provider, available: true, reason: 'always available' };
    if (!backends.has(provider)) return { provider, available: false, reason: `not part of onnxruntime-node on ${process.platform}` };
    if (provider === 'cuda' && !cudaLibraryInstalled()) {
      return { provider, available: false, reason: 'CUDA provider libraries not installed (ONNXRUNTIME_NODE_INSTALL=cuda12 node node_modules/onnxruntime-node/script/install)' };
    }
    if (provider === 'webgpu' && process.platform === 'linux' && !vulkanLoaderInstalled(env)) {
      return { provider, available: false, reason: 'the Vulkan loader (libvulkan.so.1) is not installed: WebGPU on Linux runs on Vulkan (Debian/Ubuntu: apt install libvulkan1, with the GPU\'s Vulkan driver)' };
    }
    return { provider, available: true, reason: backends.get(provider) ? 'bundled with onnxruntime-node' : 'installed' };
  });
}
