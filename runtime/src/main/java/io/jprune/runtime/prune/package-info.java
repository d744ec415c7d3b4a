/**
 * The pruning engine: {@code torch.nn.utils.prune}'s methods and rules, on plain {@code float[]} weights and
 * 1-bit masks, with no knowledge of any model framework.
 *
 * <p>Everything here is an immutable value: a {@link io.jprune.runtime.prune.PruningMethod} with its
 * arguments, and a {@link io.jprune.runtime.prune.PrunedParameter} that a prune replaces rather than changes.
 * That is what lets a refused or failing prune leave a parameter exactly as it was (PyTorch loses its hook
 * then), and lets an application thread read a parameter's weight while another thread prunes it.
 *
 * <p>The rules follow PyTorch's source, character for character in error messages; where PyTorch leaves a
 * choice open, the choice is deterministic and documented on the class that makes it: ties in
 * {@link io.jprune.runtime.prune.L1Unstructured} (lower flat index pruned first) and
 * {@link io.jprune.runtime.prune.LnStructured} (lower channel kept first), and seeded draws for the random
 * methods. Weight-sized loops run in {@link io.jprune.kernels.Kernels}, on the CPU or a GPU.
 */
package io.jprune.runtime.prune;
