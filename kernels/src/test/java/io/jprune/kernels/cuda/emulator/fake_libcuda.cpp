// A stand-in for the NVIDIA driver (libcuda.so.1) that runs jprune's real kernel sources on the CPU
// (through cuda_on_cpu.h), so the tests of a machine without a GPU drive the whole CUDA path: the
// probe, JavaCPP's bindings, the launch arguments, the transfers, the context discipline and the
// kernels' own logic. Memory is host memory; device pointers are host addresses.
//
// Environment knobs for the tests:
//   FAKE_CUDA_FAIL=cuInit=100        make one entry point return that CUresult
//   FAKE_CUDA_DEVICE_BYTES=1048576   device memory size (cuMemAlloc fails with out of memory beyond it)
//   FAKE_CUDA_PTXAS=/path/to/ptxas   cuModuleLoadData assembles the PTX it is handed with it, as a real
//                                    driver's JIT would, and rejects what does not assemble
//
// Build: g++ -std=c++17 -O1 -ffp-contract=off -fPIC -shared -pthread -Wl,-soname,libcuda.so.1 \
//            -I kernels/src/main/cuda -include cuda_on_cpu.h -o libcuda.so.1 fake_libcuda.cpp
#include "jprune.cu"

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <unistd.h>
#include <map>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

dim3 threadIdx;
dim3 blockIdx;
dim3 blockDim;
dim3 gridDim;

// Switches stacks: saves the callee-saved registers and the stack pointer into *save, then resumes the
// stack saved in load (x86-64 System V). ucontext's swapcontext would do, at a hundred times the cost
// (it saves the signal mask with a system call), which made the tests slow.
extern "C" void jprune_fiber_switch(void** save, void* load);
asm(R"(
    .text
    .p2align 4
    .type jprune_fiber_switch,@function
jprune_fiber_switch:
    pushq %rbp
    pushq %rbx
    pushq %r12
    pushq %r13
    pushq %r14
    pushq %r15
    movq %rsp, (%rdi)
    movq %rsi, %rsp
    popq %r15
    popq %r14
    popq %r13
    popq %r12
    popq %rbx
    popq %rbp
    ret
    .size jprune_fiber_switch, .-jprune_fiber_switch
)");

// The fibers of the block being run, and the scheduler that round-robins them.
struct Fiber {
    void* stack_pointer;
    bool done;
};
static Fiber fibers[BLOCK];
static void* scheduler_stack_pointer;
static unsigned int running;
static void (*running_kernel)(void**);
static void** running_params;
static const size_t FIBER_STACK = 256 * 1024;
static char* fiber_stacks;

struct Barrier {
    unsigned int arrived;
    unsigned int generation;
};
static Barrier block_barrier;
static Barrier warp_barriers[BLOCK / 32];
static unsigned long long warp_slots[BLOCK / 32][32];

static void yield_to_scheduler() {
    jprune_fiber_switch(&fibers[running].stack_pointer, scheduler_stack_pointer);
}

static void barrier_wait(Barrier& barrier, unsigned int parties) {
    unsigned int generation = barrier.generation;
    if (++barrier.arrived == parties) {
        barrier.arrived = 0;
        barrier.generation++;
        return;
    }
    while (barrier.generation == generation) {
        yield_to_scheduler();
    }
}

void emulated_syncthreads() {
    barrier_wait(block_barrier, blockDim.x);
}
void emulated_warp_barrier() {
    barrier_wait(warp_barriers[threadIdx.x >> 5], 32);
}
unsigned long long* emulated_warp_slots() {
    return warp_slots[threadIdx.x >> 5];
}

static void fiber_main() {
    running_kernel(running_params);
    fibers[running].done = true;
    yield_to_scheduler();   // never resumed
}

// A fresh stack whose first resumption enters fiber_main with the alignment of a called function.
static void* fresh_fiber_stack(unsigned int t) {
    uintptr_t top = (uintptr_t) (fiber_stacks + (t + 1) * FIBER_STACK) & ~(uintptr_t) 15;
    void** sp = (void**) (top - 8);            // the slot of fiber_main's (absent) return address
    *--sp = (void*) fiber_main;                // where jprune_fiber_switch's ret goes
    for (int r = 0; r < 6; r++) *--sp = nullptr;   // rbp, rbx, r12..r15
    return sp;
}

// One block: every fiber runs until it waits at a barrier or ends, round after round.
static void run_block(unsigned int threads) {
    for (unsigned int t = 0; t < threads; t++) {
        fibers[t].stack_pointer = fresh_fiber_stack(t);
        fibers[t].done = false;
    }
    block_barrier = {0, 0};
    for (auto& b : warp_barriers) b = {0, 0};
    unsigned int finished = 0;
    while (finished < threads) {
        finished = 0;
        for (unsigned int t = 0; t < threads; t++) {
            if (fibers[t].done) {
                finished++;
                continue;
            }
            running = t;
            threadIdx = {t, 0, 0};
            jprune_fiber_switch(&scheduler_stack_pointer, fibers[t].stack_pointer);
        }
    }
}

typedef int CUresult;
typedef unsigned long long CUdeviceptr;

static const CUresult CUDA_SUCCESS = 0;
static const CUresult CUDA_ERROR_INVALID_VALUE = 1;
static const CUresult CUDA_ERROR_OUT_OF_MEMORY = 2;
static const CUresult CUDA_ERROR_INVALID_CONTEXT = 201;
static const CUresult CUDA_ERROR_NOT_FOUND = 500;

static const char* error_name(CUresult code) {
    switch (code) {
        case 0: return "CUDA_SUCCESS";
        case 1: return "CUDA_ERROR_INVALID_VALUE";
        case 2: return "CUDA_ERROR_OUT_OF_MEMORY";
        case 3: return "CUDA_ERROR_NOT_INITIALIZED";
        case 100: return "CUDA_ERROR_NO_DEVICE";
        case 201: return "CUDA_ERROR_INVALID_CONTEXT";
        case 218: return "CUDA_ERROR_INVALID_PTX";
        case 222: return "CUDA_ERROR_UNSUPPORTED_PTX_VERSION";
        case 500: return "CUDA_ERROR_NOT_FOUND";
        case 700: return "CUDA_ERROR_ILLEGAL_ADDRESS";
        default: return nullptr;
    }
}

// FAKE_CUDA_FAIL=name=code: the one entry point told to fail, and how.
static CUresult injected(const char* entry) {
    const char* spec = std::getenv("FAKE_CUDA_FAIL");
    if (spec == nullptr) {
        return CUDA_SUCCESS;
    }
    std::string s(spec);
    size_t eq = s.find('=');
    if (eq == std::string::npos || s.substr(0, eq) != entry) {
        return CUDA_SUCCESS;
    }
    return std::atoi(s.c_str() + eq + 1);
}

#define FAIL_IF_TOLD(entry)                      \
    do {                                         \
        CUresult told = injected(entry);         \
        if (told != CUDA_SUCCESS) return told;   \
    } while (0)

static bool initialised = false;
static int context_token;                               // the one primary context
static thread_local std::vector<void*> context_stack;   // what cuCtxPush/PopCurrent manage
static std::mutex memory_lock;
static std::mutex launch_lock;
static std::map<CUdeviceptr, size_t> allocations;
static size_t allocated_bytes = 0;

static size_t device_bytes() {
    const char* limit = std::getenv("FAKE_CUDA_DEVICE_BYTES");
    return limit == nullptr ? (size_t) 1 << 34 : (size_t) std::strtoull(limit, nullptr, 10);
}

static bool context_current() {
    return !context_stack.empty() && context_stack.back() == &context_token;
}

// Calls a kernel with the values cuLaunchKernel's parameter array points at, typed by the kernel's own
// signature: a Java-side argument of the wrong size or order reads garbage here, as it would on a GPU.
template <typename... A, size_t... I>
static void call_with(void (*kernel)(A...), void** params, std::index_sequence<I...>) {
    kernel(*static_cast<typename std::decay<A>::type*>(params[I])...);
}
template <typename... A>
static void call_with(void (*kernel)(A...), void** params) {
    call_with(kernel, params, std::index_sequence_for<A...>{});
}

struct KernelEntry {
    const char* name;
    void (*invoke)(void**);
};
#define KERNEL(name) {#name, [](void** p) { call_with(name, p); }}
static const KernelEntry kernels[] = {
    KERNEL(jprune_masked_multiply),     KERNEL(jprune_radix_histogram), KERNEL(jprune_radix_tile_counts),
    KERNEL(jprune_radix_write),         KERNEL(jprune_radix_write_mask),    KERNEL(jprune_slice_norm_partials),
    KERNEL(jprune_expand_channels),
    KERNEL(jprune_channels_alive),      KERNEL(jprune_count_zeros),
};

extern "C" {

CUresult cuInit(unsigned int) {
    FAIL_IF_TOLD("cuInit");
    initialised = true;
    return CUDA_SUCCESS;
}

CUresult cuGetErrorName(CUresult code, const char** name) {
    *name = error_name(code);
    return *name == nullptr ? CUDA_ERROR_INVALID_VALUE : CUDA_SUCCESS;
}

CUresult cuGetErrorString(CUresult code, const char** text) {
    return cuGetErrorName(code, text);
}

CUresult cuDriverGetVersion(int* version) {
    *version = 13000;
    return CUDA_SUCCESS;
}

CUresult cuDeviceGetCount(int* count) {
    FAIL_IF_TOLD("cuDeviceGetCount");
    *count = initialised ? 1 : 0;
    return initialised ? CUDA_SUCCESS : 3;
}

CUresult cuDeviceGet(int* device, int ordinal) {
    *device = ordinal;
    return ordinal == 0 ? CUDA_SUCCESS : CUDA_ERROR_INVALID_VALUE;
}

CUresult cuDeviceGetName(char* name, int length, int) {
    std::snprintf(name, length, "jprune emulated GPU");
    return CUDA_SUCCESS;
}

CUresult cuDeviceGetAttribute(int* value, int attribute, int) {
    switch (attribute) {
        case 16: *value = 2; break;   // multiprocessors: keeps grid-stride grids small
        case 75: *value = 7; break;   // compute capability 7.5
        case 76: *value = 5; break;
        default: *value = 0; break;
    }
    return CUDA_SUCCESS;
}

CUresult cuDevicePrimaryCtxRetain(void** context, int) {
    FAIL_IF_TOLD("cuDevicePrimaryCtxRetain");
    *context = &context_token;
    return CUDA_SUCCESS;
}

CUresult cuDevicePrimaryCtxRelease_v2(int) {
    return CUDA_SUCCESS;
}

CUresult cuCtxPushCurrent_v2(void* context) {
    if (context != &context_token) return CUDA_ERROR_INVALID_CONTEXT;
    context_stack.push_back(context);
    return CUDA_SUCCESS;
}

CUresult cuCtxPopCurrent_v2(void** context) {
    if (context_stack.empty()) return CUDA_ERROR_INVALID_CONTEXT;
    if (context != nullptr) *context = context_stack.back();
    context_stack.pop_back();
    return CUDA_SUCCESS;
}

// Runs FAKE_CUDA_PTXAS over the image, for the oldest architecture jprune.ptx targets; true when it
// assembles (or when no ptxas was given, and only the entry names are looked up).
static bool assembles(const char* image) {
    const char* ptxas = std::getenv("FAKE_CUDA_PTXAS");
    if (ptxas == nullptr || *ptxas == 0) return true;
    char folder[] = "/tmp/jprune-ptxas-XXXXXX";
    if (mkdtemp(folder) == nullptr) return false;
    std::string source = std::string(folder) + "/jprune.ptx";
    std::string output = std::string(folder) + "/jprune.cubin";
    std::string log = std::string(folder) + "/ptxas.log";
    FILE* file = std::fopen(source.c_str(), "w");
    bool written = file != nullptr && std::fputs(image, file) >= 0;
    if (file != nullptr) std::fclose(file);
    std::string command = std::string("'") + ptxas + "' -O0 -arch=sm_75 -o '" + output + "' '" + source + "' > '" +
                          log + "' 2>&1";
    bool ok = written && std::system(command.c_str()) == 0;
    if (!ok) {
        std::string show = "cat '" + log + "' >&2";
        std::fprintf(stderr, "fake libcuda: ptxas rejected the PTX:\n");
        std::fflush(stderr);
        std::system(show.c_str());
    }
    std::remove(source.c_str());
    std::remove(output.c_str());
    std::remove(log.c_str());
    rmdir(folder);
    return ok;
}

CUresult cuModuleLoadData(void** module, const void* image) {
    if (!context_current()) return CUDA_ERROR_INVALID_CONTEXT;
    FAIL_IF_TOLD("cuModuleLoadData");
    if (std::strstr(static_cast<const char*>(image), ".visible .entry jprune_masked_multiply") == nullptr) {
        return 218;   // not jprune's PTX
    }
    if (!assembles(static_cast<const char*>(image))) {
        return 218;   // CUDA_ERROR_INVALID_PTX, as the driver's JIT reports it
    }
    *module = &context_token;
    return CUDA_SUCCESS;
}

CUresult cuModuleGetFunction(void** function, void*, const char* name) {
    if (!context_current()) return CUDA_ERROR_INVALID_CONTEXT;
    for (const KernelEntry& k : kernels) {
        if (std::strcmp(k.name, name) == 0) {
            *function = const_cast<KernelEntry*>(&k);
            return CUDA_SUCCESS;
        }
    }
    return CUDA_ERROR_NOT_FOUND;
}

CUresult cuMemAlloc_v2(CUdeviceptr* pointer, size_t bytes) {
    if (!context_current()) return CUDA_ERROR_INVALID_CONTEXT;
    FAIL_IF_TOLD("cuMemAlloc");
    std::lock_guard<std::mutex> guard(memory_lock);
    if (bytes == 0 || allocated_bytes + bytes > device_bytes()) return CUDA_ERROR_OUT_OF_MEMORY;
    void* memory = std::aligned_alloc(256, (bytes + 255) / 256 * 256);
    if (memory == nullptr) return CUDA_ERROR_OUT_OF_MEMORY;
    std::memset(memory, 0xA5, bytes);   // garbage, as fresh device memory may hold
    *pointer = (CUdeviceptr) memory;
    allocations[*pointer] = bytes;
    allocated_bytes += bytes;
    return CUDA_SUCCESS;
}

CUresult cuMemFree_v2(CUdeviceptr pointer) {
    if (!context_current()) return CUDA_ERROR_INVALID_CONTEXT;
    std::lock_guard<std::mutex> guard(memory_lock);
    auto it = allocations.find(pointer);
    if (it == allocations.end()) return CUDA_ERROR_INVALID_VALUE;
    allocated_bytes -= it->second;
    allocations.erase(it);
    std::free((void*) pointer);
    return CUDA_SUCCESS;
}

CUresult cuMemGetInfo_v2(size_t* free_bytes, size_t* total_bytes) {
    std::lock_guard<std::mutex> guard(memory_lock);
    *total_bytes = device_bytes();
    *free_bytes = device_bytes() - allocated_bytes;
    return CUDA_SUCCESS;
}

CUresult cuMemAllocHost_v2(void** pointer, size_t bytes) {
    if (!context_current()) return CUDA_ERROR_INVALID_CONTEXT;
    *pointer = std::malloc(bytes);
    return *pointer == nullptr ? CUDA_ERROR_OUT_OF_MEMORY : CUDA_SUCCESS;
}

CUresult cuMemFreeHost(void* pointer) {
    std::free(pointer);
    return CUDA_SUCCESS;
}

// Copies must stay inside one allocation, as on a GPU where anything else is an illegal address.
static bool inside_allocation(CUdeviceptr pointer, size_t bytes) {
    std::lock_guard<std::mutex> guard(memory_lock);
    auto it = allocations.upper_bound(pointer);
    if (it == allocations.begin()) return false;
    --it;
    return pointer >= it->first && pointer + bytes <= it->first + it->second;
}

CUresult cuMemcpyHtoD_v2(CUdeviceptr to, const void* from, size_t bytes) {
    if (!context_current()) return CUDA_ERROR_INVALID_CONTEXT;
    if (!inside_allocation(to, bytes)) return 700;
    std::memcpy((void*) to, from, bytes);
    return CUDA_SUCCESS;
}

CUresult cuMemcpyDtoH_v2(void* to, CUdeviceptr from, size_t bytes) {
    if (!context_current()) return CUDA_ERROR_INVALID_CONTEXT;
    if (!inside_allocation(from, bytes)) return 700;
    std::memcpy(to, (const void*) from, bytes);
    return CUDA_SUCCESS;
}

CUresult cuMemcpyDtoD_v2(CUdeviceptr to, CUdeviceptr from, size_t bytes) {
    if (!context_current()) return CUDA_ERROR_INVALID_CONTEXT;
    if (!inside_allocation(to, bytes) || !inside_allocation(from, bytes)) return 700;
    std::memmove((void*) to, (const void*) from, bytes);
    return CUDA_SUCCESS;
}

CUresult cuMemsetD32_v2(CUdeviceptr to, unsigned int value, size_t count) {
    if (!context_current()) return CUDA_ERROR_INVALID_CONTEXT;
    if (!inside_allocation(to, count * 4)) return 700;
    unsigned int* words = (unsigned int*) to;
    for (size_t i = 0; i < count; i++) words[i] = value;
    return CUDA_SUCCESS;
}

CUresult cuCtxSynchronize() {
    return CUDA_SUCCESS;
}

CUresult cuCtxSynchronize_v2() {
    return CUDA_SUCCESS;
}

// Events record the host clock: launches and copies here complete before they return.
CUresult cuEventCreate(void** event, unsigned int) {
    if (!context_current()) return CUDA_ERROR_INVALID_CONTEXT;
    *event = new std::chrono::steady_clock::time_point();
    return CUDA_SUCCESS;
}

CUresult cuEventRecord(void* event, void*) {
    *static_cast<std::chrono::steady_clock::time_point*>(event) = std::chrono::steady_clock::now();
    return CUDA_SUCCESS;
}

CUresult cuEventSynchronize(void*) {
    return CUDA_SUCCESS;
}

CUresult cuEventElapsedTime_v2(float* milliseconds, void* start, void* end) {
    auto from = *static_cast<std::chrono::steady_clock::time_point*>(start);
    auto to = *static_cast<std::chrono::steady_clock::time_point*>(end);
    *milliseconds = std::chrono::duration<float, std::milli>(to - from).count();
    return CUDA_SUCCESS;
}

CUresult cuEventDestroy_v2(void* event) {
    delete static_cast<std::chrono::steady_clock::time_point*>(event);
    return CUDA_SUCCESS;
}

CUresult cuLaunchKernel(void* function, unsigned int gx, unsigned int gy, unsigned int gz, unsigned int bx,
                        unsigned int by, unsigned int bz, unsigned int shared, void* stream, void** params,
                        void** extra) {
    if (!context_current()) return CUDA_ERROR_INVALID_CONTEXT;
    FAIL_IF_TOLD("cuLaunchKernel");
    if (function == nullptr || params == nullptr || extra != nullptr || bx != BLOCK || by != 1 || bz != 1 ||
        gz != 1 || gx == 0 || gy == 0 || gy > 65535 || shared != 0 || stream != nullptr) {
        return CUDA_ERROR_INVALID_VALUE;
    }
    const KernelEntry* kernel = static_cast<const KernelEntry*>(function);
    std::lock_guard<std::mutex> guard(launch_lock);
    if (fiber_stacks == nullptr) fiber_stacks = static_cast<char*>(std::malloc(FIBER_STACK * BLOCK));
    blockDim = {bx, 1, 1};
    gridDim = {gx, gy, 1};
    running_kernel = kernel->invoke;
    running_params = params;
    for (unsigned int y = 0; y < gy; y++) {
        for (unsigned int x = 0; x < gx; x++) {
            blockIdx = {x, y, 0};
            run_block(bx);
        }
    }
    return CUDA_SUCCESS;
}

}
