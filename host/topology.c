/* topology.c — hwloc discovery, thread binding and NUMA-local allocation (topology.h). */
#include "host/topology.h"

#include <hwloc.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static pthread_once_t zka_topo_once = PTHREAD_ONCE_INIT;
static hwloc_topology_t zka_topo; /* NULL when hwloc failed */
static zka_topology_info zka_topo_info;

static size_t zka_topo_cache_size(hwloc_obj_type_t type) {
  hwloc_obj_t o = hwloc_get_obj_by_type(zka_topo, type, 0);
  return (o && o->attr) ? (size_t)o->attr->cache.size : 0;
}

static void zka_topo_load(void) {
  zka_topology_info *t = &zka_topo_info;
  long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
  t->cores = t->pus = ncpu > 0 ? (unsigned)ncpu : 1;
  t->numa_nodes = 1;
  snprintf(t->cpu_name, sizeof t->cpu_name, "CPU");
  long pages = sysconf(_SC_PHYS_PAGES), page = sysconf(_SC_PAGESIZE);
  if (pages > 0 && page > 0) t->memory_bytes = (uint64_t)pages * (uint64_t)page;

  if (hwloc_topology_init(&zka_topo) != 0) {
    zka_topo = NULL;
    return;
  }
  /* PCI devices too, so a GPU's locality can be found from its bus id. */
  hwloc_topology_set_io_types_filter(zka_topo, HWLOC_TYPE_FILTER_KEEP_IMPORTANT);
  if (hwloc_topology_load(zka_topo) != 0) {
    hwloc_topology_destroy(zka_topo);
    zka_topo = NULL;
    return;
  }
  t->from_hwloc = 1;
  int cores = hwloc_get_nbobjs_by_type(zka_topo, HWLOC_OBJ_CORE);
  int pus = hwloc_get_nbobjs_by_type(zka_topo, HWLOC_OBJ_PU);
  int nodes = hwloc_get_nbobjs_by_type(zka_topo, HWLOC_OBJ_NUMANODE);
  if (cores > 0) t->cores = (unsigned)cores;
  if (pus > 0) t->pus = (unsigned)pus;
  if (nodes > 0) t->numa_nodes = (unsigned)nodes;
  t->l2_bytes = zka_topo_cache_size(HWLOC_OBJ_L2CACHE);
  t->l3_bytes = zka_topo_cache_size(HWLOC_OBJ_L3CACHE);
  hwloc_obj_t root = hwloc_get_root_obj(zka_topo);
  if (root->total_memory) t->memory_bytes = root->total_memory;
  const char *model = hwloc_obj_get_info_by_name(root, "CPUModel");
  if (!model) {
    hwloc_obj_t pkg = hwloc_get_obj_by_type(zka_topo, HWLOC_OBJ_PACKAGE, 0);
    if (pkg) model = hwloc_obj_get_info_by_name(pkg, "CPUModel");
  }
  if (model) snprintf(t->cpu_name, sizeof t->cpu_name, "%s", model);
}

const zka_topology_info *zka_topology(void) {
  pthread_once(&zka_topo_once, zka_topo_load);
  return &zka_topo_info;
}

int zka_topology_bind_thread(unsigned core) {
  zka_topology();
  if (!zka_topo) return -1;
  int n = hwloc_get_nbobjs_by_type(zka_topo, HWLOC_OBJ_CORE);
  if (n <= 0) return -1;
  hwloc_obj_t c = hwloc_get_obj_by_type(zka_topo, HWLOC_OBJ_CORE, core % (unsigned)n);
  if (!c || !c->cpuset) return -1;
  return hwloc_set_cpubind(zka_topo, c->cpuset, HWLOC_CPUBIND_THREAD) == 0 ? 0 : -1;
}

int zka_topology_numa_node_of_pci(const char *bus_id) {
  zka_topology();
  if (!zka_topo || !bus_id || !*bus_id || zka_topo_info.numa_nodes < 2) return -1;
  hwloc_obj_t pci = hwloc_get_pcidev_by_busidstring(zka_topo, bus_id);
  if (!pci) return -1;
  hwloc_obj_t anc = hwloc_get_non_io_ancestor_obj(zka_topo, pci);
  if (!anc || !anc->nodeset) return -1;
  hwloc_obj_t node = NULL;
  while ((node = hwloc_get_next_obj_by_type(zka_topo, HWLOC_OBJ_NUMANODE, node)) != NULL)
    if (hwloc_bitmap_isincluded(node->nodeset, anc->nodeset)) return (int)node->logical_index;
  return -1;
}

void *zka_topology_alloc_near(size_t bytes, int node) {
  zka_topology();
  if (zka_topo && node >= 0) {
    hwloc_obj_t n = hwloc_get_obj_by_type(zka_topo, HWLOC_OBJ_NUMANODE, (unsigned)node);
    if (n && n->nodeset) {
      void *p = hwloc_alloc_membind(zka_topo, bytes, n->nodeset, HWLOC_MEMBIND_BIND,
                                    HWLOC_MEMBIND_BYNODESET);
      if (p) return p;
    }
  }
  return zka_topo ? hwloc_alloc(zka_topo, bytes) : malloc(bytes);
}

void zka_topology_free(void *p, size_t bytes) {
  if (!p) return;
  if (zka_topo) hwloc_free(zka_topo, p, bytes);
  else free(p);
}
