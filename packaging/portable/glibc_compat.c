// Linked into the portable binary only (slipbox-portable, SLIPBOX_PORTABLE_SYSROOT set), so
// that it runs on glibc 2.31 although it is built on Debian 12 (glibc 2.36).
//
// The binary is linked against an older glibc's libraries (Debian 11's libc6-dev, glibc
// 2.31: SLIPBOX_PORTABLE_SYSROOT), so every libc symbol binds to a version 2.31 has. The
// static libstdc++ and libgcc of GCC 12 were built against glibc 2.36, though, and use
// three things 2.31 lacks; the binary carries its own:
//   __libc_single_threaded (2.32)  libstdc++'s "no threads yet" shortcut. Ours stays 0, so
//                                  libstdc++ always takes the thread-safe path: correct,
//                                  a few atomic operations slower.
//   arc4random (2.36)              std::random_device's default source: getrandom(2),
//                                  which glibc has had since 2.25.
//   _dl_find_object (2.35)         the unwinder's lookup of a code address's .eh_frame_hdr
//                                  (C++ exceptions): the same answer from dl_iterate_phdr.
// On a newer glibc these definitions are the binary's own and simply win over glibc's for it.
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <link.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/random.h>

char __libc_single_threaded = 0;

static void fill_random(void* buffer, size_t size) {
  unsigned char* p = buffer;
  while (size > 0) {
    const ssize_t n = getrandom(p, size, 0);
    if (n < 0) {
      if (errno == EINTR) continue;
      abort();  // no entropy source at all: as glibc's arc4random, do not go on
    }
    p += n;
    size -= (size_t)n;
  }
}

uint32_t arc4random(void) {
  uint32_t value;
  fill_random(&value, sizeof value);
  return value;
}

void arc4random_buf(void* buffer, size_t size) { fill_random(buffer, size); }

uint32_t arc4random_uniform(uint32_t upper_bound) {
  if (upper_bound < 2) return 0;
  const uint32_t min = -upper_bound % upper_bound;  // 2**32 % upper_bound: reject below it
  for (;;) {
    const uint32_t r = arc4random();
    if (r >= min) return r % upper_bound;
  }
}

struct find_state {
  uintptr_t pc;
  struct dl_find_object* result;
  int found;
};

static int find_object(struct dl_phdr_info* info, size_t size, void* data) {
  (void)size;
  struct find_state* state = data;
  uintptr_t start = UINTPTR_MAX, end = 0;
  int contains = 0;
  const void* eh_frame = NULL;
  for (size_t i = 0; i < info->dlpi_phnum; ++i) {
    const ElfW(Phdr)* phdr = &info->dlpi_phdr[i];
    const uintptr_t begin = info->dlpi_addr + phdr->p_vaddr;
    if (phdr->p_type == PT_LOAD) {
      if (begin < start) start = begin;
      if (begin + phdr->p_memsz > end) end = begin + phdr->p_memsz;
      if (state->pc >= begin && state->pc < begin + phdr->p_memsz) contains = 1;
    } else if (phdr->p_type == PT_GNU_EH_FRAME) {
      eh_frame = (const void*)begin;
    }
  }
  if (!contains) return 0;
  state->result->dlfo_flags = 0;
  state->result->dlfo_map_start = (void*)start;
  state->result->dlfo_map_end = (void*)end;
  state->result->dlfo_link_map = NULL;
  state->result->dlfo_eh_frame = (void*)eh_frame;
  state->found = 1;
  return 1;
}

int _dl_find_object(void* pc, struct dl_find_object* result) {
  struct find_state state = {(uintptr_t)pc, result, 0};
  dl_iterate_phdr(find_object, &state);
  return state.found ? 0 : -1;
}
