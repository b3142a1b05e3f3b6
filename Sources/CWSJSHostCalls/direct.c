// SPDX-License-Identifier: MIT
// Direct host functions (the header says why). One entry point serves every direct function: it
// finds the called function's handler and box in a table keyed by the function object's address
// (JavaScriptCore's garbage collector never moves cells, and a function is forgotten before its
// engine's heap goes away).
#include "CWSJSHostCalls.h"

#include <pthread.h>
#include <stddef.h>

// x86-64 System V: `FunctionPtr` and `JSValue` are classes holding one word, trivially copyable,
// so they are passed in registers like the pointer and the integer they hold; the enums are
// ImplementationVisibility (uint8_t) and Intrinsic (uint16_t).

/// JSC::JSFunction::create(VM&, JSGlobalObject*, unsigned length, const WTF::String& name,
/// NativeFunction, ImplementationVisibility, Intrinsic, NativeFunction constructor,
/// const DOMJIT::Signature*)
extern void *wsjs_JSFunction_create(void *vm, void *globalObject, unsigned length, const void *name,
                                    void *function, uint8_t visibility, uint16_t intrinsic,
                                    void *constructor, const void *signature)
    __asm__("_ZN3JSC10JSFunction6createERNS_2VMEPNS_14JSGlobalObjectEjRKN3WTF6StringENS5_11FunctionPtrILNS5_6PtrTagE1EFlS4_PNS_9CallFrameEELNS5_18FunctionAttributesE2EEENS_24ImplementationVisibilityENS_9IntrinsicESF_PKNS_6DOMJIT9SignatureE")
    __attribute__((weak));

/// JSC::callHostFunctionAsConstructor: what `new` on a host function does (a TypeError).
extern int64_t wsjs_callHostFunctionAsConstructor(void *globalObject, void *callFrame)
    __asm__("_ZN3JSC29callHostFunctionAsConstructorEPNS_14JSGlobalObjectEPNS_9CallFrameE")
    __attribute__((weak));

/// JSC::VM::throwException(JSGlobalObject*, JSValue)
extern void *wsjs_VM_throwException(void *vm, void *globalObject, const void *value)
    __asm__("_ZN3JSC2VM14throwExceptionEPNS_14JSGlobalObjectENS_7JSValueE") __attribute__((weak));

// A host function's call frame (JSC::CallFrame) is an array of 8-byte registers: slot 3 holds
// the callee, slot 4 the argument count including `this` (low 32 bits), slot 5 `this`, and the
// arguments follow. These slots (CallFrameSlot) have not changed since 2014.
enum { calleeSlot = 3, argumentCountSlot = 4, firstArgumentSlot = 6 };

// Open addressing over a power-of-two table; a removed entry becomes a tombstone so the probe
// sequences through it stay intact. Lookups take no lock: an entry's handler and box are stored
// before its key (release), and read after it (acquire).
#define TABLE_SIZE 8192
#define TOMBSTONE ((uintptr_t)1)
struct entry {
    uintptr_t function;
    wsjs_direct_handler handler;
    void *box;
};
static struct entry table[TABLE_SIZE];
static size_t used;
static pthread_mutex_t tableLock = PTHREAD_MUTEX_INITIALIZER;

static size_t slotOf(uintptr_t function) {
    return (size_t)(((function >> 4) * 0x9E3779B97F4A7C15ull) >> 51) & (TABLE_SIZE - 1);
}

static int64_t entryPoint(void *globalObject, void *callFrame) {
    void **frame = (void **)callFrame;
    uintptr_t function = (uintptr_t)frame[calleeSlot];
    for (size_t slot = slotOf(function), probes = 0; probes < TABLE_SIZE; slot = (slot + 1) & (TABLE_SIZE - 1), probes++) {
        uintptr_t key = __atomic_load_n(&table[slot].function, __ATOMIC_ACQUIRE);
        if (key == function) {
            unsigned count = (unsigned)(*(uint32_t *)&frame[argumentCountSlot]) - 1;
            return table[slot].handler(table[slot].box, globalObject,
                                       (const void *const *)&frame[firstArgumentSlot], count);
        }
        if (key == 0) break;
    }
    // A forgotten function: its engine is gone, so no script should still call it.
    return 0xa; // undefined
}

// The GLib API's version functions (always exported by the GTK build).
extern unsigned jsc_get_major_version(void);
extern unsigned jsc_get_minor_version(void);

/// The newest JavaScriptCore the call-frame layout above was checked against (2.50, Debian's).
/// The mangled names pin the functions' signatures, but nothing pins the frame's slots, so a
/// newer library gets the C-API callbacks until someone checks it and raises this.
enum { newestCheckedMinorVersion = 50 };

bool wsjs_direct_available(void) {
    return wsjs_JSFunction_create && wsjs_callHostFunctionAsConstructor && wsjs_VM_throwException
        && jsc_get_major_version() == 2 && jsc_get_minor_version() <= newestCheckedMinorVersion;
}

void *wsjs_direct_function_create(void *vm, void *globalObject, wsjs_direct_handler handler, void *box) {
    if (!wsjs_direct_available()) return NULL;
    pthread_mutex_lock(&tableLock);
    // Keep the table at most half full, so probe sequences stay short.
    if (used >= TABLE_SIZE / 2) {
        pthread_mutex_unlock(&tableLock);
        return NULL;
    }
    const void *nullName = NULL; // a null WTF::String: the function's name is ""
    void *function = wsjs_JSFunction_create(vm, globalObject, 0 /* length */, &nullName, (void *)entryPoint,
                                            0 /* Public */, 0 /* NoIntrinsic */,
                                            (void *)wsjs_callHostFunctionAsConstructor, NULL);
    if (function) {
        uintptr_t key = (uintptr_t)function;
        // An entry for this address belongs to a function the collector has freed (two live
        // cells never share an address): the new function takes it over. Otherwise the first
        // free or removed slot of the probe sequence takes the new entry.
        size_t found = TABLE_SIZE, freeSlot = TABLE_SIZE;
        for (size_t slot = slotOf(key), probes = 0; probes < TABLE_SIZE; slot = (slot + 1) & (TABLE_SIZE - 1), probes++) {
            uintptr_t existing = table[slot].function;
            if (existing == key) {
                found = slot;
                break;
            }
            if ((existing == 0 || existing == TOMBSTONE) && freeSlot == TABLE_SIZE) freeSlot = slot;
            if (existing == 0) break;
        }
        size_t slot = found != TABLE_SIZE ? found : freeSlot;
        if (slot == TABLE_SIZE) {
            // No room (cannot happen while the table is at most half full): the caller makes a
            // C-API function instead, and this one is garbage.
            function = NULL;
        } else {
            if (found == TABLE_SIZE) used++;
            table[slot].handler = handler;
            table[slot].box = box;
            __atomic_store_n(&table[slot].function, key, __ATOMIC_RELEASE);
        }
    }
    pthread_mutex_unlock(&tableLock);
    return function;
}

void wsjs_direct_function_forget(void *function, void *box) {
    uintptr_t key = (uintptr_t)function;
    pthread_mutex_lock(&tableLock);
    for (size_t slot = slotOf(key), probes = 0; probes < TABLE_SIZE; slot = (slot + 1) & (TABLE_SIZE - 1), probes++) {
        if (table[slot].function == key) {
            // Another function took this address over (this one was collected): keep its entry.
            if (table[slot].box != box) break;
            __atomic_store_n(&table[slot].function, TOMBSTONE, __ATOMIC_RELEASE);
            used--;
            break;
        }
        if (table[slot].function == 0) break;
    }
    pthread_mutex_unlock(&tableLock);
}

void wsjs_direct_throw(void *vm, void *globalObject, const void *value) {
    wsjs_VM_throwException(vm, globalObject, value);
}
