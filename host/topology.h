/* topology.h — internal: the machine's CPU topology through hwloc (cores, NUMA nodes,
 * caches), loaded once per process.  The CPU backend sizes and pins its workers from it; a
 * GPU's NUMA node (from its PCI address) decides where its host staging buffers live. */
#ifndef ZKA_HOST_TOPOLOGY_H
#define ZKA_HOST_TOPOLOGY_H
#include <stddef.h>
#include <stdint.h>

typedef struct {
  unsigned cores;        /**< physical cores (>= 1) */
  unsigned pus;          /**< hardware threads (>= cores) */
  unsigned numa_nodes;   /**< >= 1 */
  size_t l2_bytes;       /**< per-core L2 (0 when unknown) */
  size_t l3_bytes;       /**< last-level cache (0 when unknown) */
  uint64_t memory_bytes; /**< total RAM (0 when unknown) */
  char cpu_name[128];    /**< the CPU model, or "CPU" */
  int from_hwloc;        /**< 0 when hwloc failed and these are sysconf() guesses */
} zka_topology_info;

/** The topology, discovered on first call (thread-safe); never NULL. */
const zka_topology_info *zka_topology(void);

/** Bind the calling thread to physical core `core` (mod the core count).  0 on success,
 *  -1 when the OS or hwloc refuses (the thread then runs unbound). */
int zka_topology_bind_thread(unsigned core);

/** NUMA node (0-based logical index) nearest the PCI device "DDDD:BB:DD.F" (or
 *  "BB:DD.F"); -1 when unknown (no such device, or one NUMA node). */
int zka_topology_numa_node_of_pci(const char *bus_id);

/** bytes of host memory bound to NUMA node `node` (-1: anywhere); NULL on failure.  Free
 *  with zka_topology_free(p, bytes). */
void *zka_topology_alloc_near(size_t bytes, int node);
void zka_topology_free(void *p, size_t bytes);

#endif
