// SPDX-License-Identifier: MIT
// ES modules on JavaScriptCore's own loader (the header says why and how). Layouts below are
// JavaScriptCore 2.50's (x86-64 System V); each is found and checked at install time.
#define _GNU_SOURCE
#include "CWSJSModules.h"

#include <link.h>
#include <pthread.h>
#include <stddef.h>
#include <string.h>

// The C API, declared here with opaque types (no header path is needed for a C target).
typedef const void *JSValueRef;
extern void *JSContextGetGroup(void *context);
extern void *JSStringCreateWithUTF8CString(const char *string);
extern void *JSStringCreateWithCharacters(const uint16_t *characters, size_t count);
extern void JSStringRelease(void *string);
extern size_t JSStringGetLength(void *string);
extern JSValueRef JSValueMakeString(void *context, void *string);
extern JSValueRef JSValueMakeUndefined(void *context);
extern void JSValueProtect(void *context, JSValueRef value);
extern void JSValueUnprotect(void *context, JSValueRef value);
extern void *JSObjectMake(void *context, void *jsClass, void *data);
extern JSValueRef JSObjectCallAsFunction(void *context, void *function, void *thisObject, size_t count,
                                         const JSValueRef arguments[], JSValueRef *exception);
extern bool JSValueIsObject(void *context, JSValueRef value);
/// JSScriptRefPrivate.h (exported, not installed): a parsed classic script, an OpaqueJSScript,
/// which is a JSC::SourceProvider.
extern void *JSScriptCreateFromString(void *group, void *url, int startingLineNumber, void *source,
                                      void **errorMessage, int *errorLine);
extern void JSScriptRelease(void *script);
extern unsigned jsc_get_major_version(void);
extern unsigned jsc_get_minor_version(void);
extern void JSGlobalContextCreate(void *globalClass);

/// JSC::loadModule(JSGlobalObject*, const SourceCode&, JSValue scriptFetcher) → JSInternalPromise*
extern void *wsjs_JSC_loadModule(void *globalObject, const void *source, int64_t scriptFetcher)
    __asm__("_ZN3JSC10loadModuleEPNS_14JSGlobalObjectERKNS_10SourceCodeENS_7JSValueE") __attribute__((weak));
/// JSC::checkModuleSyntax(JSGlobalObject*, const SourceCode&, ParserError&) → bool
extern bool wsjs_JSC_checkModuleSyntax(void *globalObject, const void *source, void *error)
    __asm__("_ZN3JSC17checkModuleSyntaxEPNS_14JSGlobalObjectERKNS_10SourceCodeERNS_11ParserErrorE") __attribute__((weak));
/// OpaqueJSString::tryCreate(const WTF::String&) → RefPtr<OpaqueJSString> (returned through a
/// hidden pointer: RefPtr is not trivially copyable).
extern void wsjs_OpaqueJSString_tryCreate(void **result, const void *string)
    __asm__("_ZN14OpaqueJSString9tryCreateERKN3WTF6StringE") __attribute__((weak));

/// JSC::SourceCode: UnlinkedSourceCode { RefPtr<SourceProvider>; int start, end; } then
/// OrdinalNumber firstLine, startColumn (zero-based).
struct SourceCode {
    void *provider;
    int32_t startOffset, endOffset;
    int32_t firstLine, startColumn;
};
_Static_assert(sizeof(struct SourceCode) == 24, "JSC::SourceCode is 24 bytes");

// GlobalObjectMethodTable (runtime/JSGlobalObject.h): 22 function pointers. The loader's slots:
enum {
    tableSlots = 22,
    slotImportModule = 5,   // JSInternalPromise*(JSGlobalObject*, JSModuleLoader*, JSString*, JSValue, const SourceOrigin&)
    slotResolve = 6,        // Identifier(JSGlobalObject*, JSModuleLoader*, JSValue, JSValue, JSValue)
    slotFetch = 7,          // JSInternalPromise*(JSGlobalObject*, JSModuleLoader*, JSValue, JSValue, JSValue)
    slotImportMeta = 8,     // JSObject*(JSGlobalObject*, JSModuleLoader*, JSValue, JSModuleRecord*, JSValue)
    slotEvaluate = 9,       // JSValue(JSGlobalObject*, JSModuleLoader*, JSValue, JSValue, JSValue, JSValue, JSValue)
};
/// Where 2.50.6 keeps the table pointer in the global object, as measured; the scan must find it
/// there and nowhere else.
enum { expectedTableOffset = 0xd48, scanStart = 0x10, scanEnd = 0x1000 };
static const int64_t encodedUndefined = 0xa;

// Layouts found once by wsjs_modules_install's first call (under setupLock).
static pthread_mutex_t setupLock = PTHREAD_MUTEX_INITIALIZER;
static bool layoutChecked, sourceLayoutChecked;
static const char *layoutFailure, *sourceLayoutFailure;
static size_t tableOffset;       // in JSGlobalObject
static size_t scriptSourceOffset; // OpaqueJSScript::m_source (a Ref<StringImpl>)
// OpaqueJSString: the reference count, `String m_string`, then `std::atomic<const UChar*>
// m_characters`, which for a 16-bit string points at the string's own characters.
enum { opaqueStringImplOffset = 8, opaqueStringCharactersOffset = 16 };

// The library's loaded segments, to tell code pointers from data pointers.
struct segment { uintptr_t start, end; bool executable; };
static struct segment segments[16];
static int segmentCount;

static int findSegments(struct dl_phdr_info *info, size_t size, void *data) {
    (void)size;
    uintptr_t target = (uintptr_t)data;
    int found = 0;
    for (int i = 0; i < info->dlpi_phnum; i++) {
        const ElfW(Phdr) *header = &info->dlpi_phdr[i];
        if (header->p_type != PT_LOAD) continue;
        uintptr_t start = info->dlpi_addr + header->p_vaddr, end = start + header->p_memsz;
        if (target >= start && target < end) found = 1;
    }
    if (!found) return 0;
    for (int i = 0; i < info->dlpi_phnum && segmentCount < 16; i++) {
        const ElfW(Phdr) *header = &info->dlpi_phdr[i];
        if (header->p_type != PT_LOAD) continue;
        uintptr_t start = info->dlpi_addr + header->p_vaddr;
        segments[segmentCount++] = (struct segment){ start, start + header->p_memsz, (header->p_flags & PF_X) != 0 };
    }
    return 1;
}

/// 1 inside the library's code, 2 inside its other segments, 0 elsewhere.
static int classify(uintptr_t pointer) {
    for (int i = 0; i < segmentCount; i++) {
        if (pointer >= segments[i].start && pointer < segments[i].end) return segments[i].executable ? 1 : 2;
    }
    return 0;
}

/// A method table: in the library's data, every entry null or code, the loader's five hooks null,
/// the first three and the fifth (shouldInterruptScriptBeforeTimeout) set.
static bool looksLikeMethodTable(uintptr_t candidate) {
    if ((candidate & 7) || classify(candidate) != 2 || classify(candidate + tableSlots * 8 - 1) != 2) return false;
    const uintptr_t *entries = (const uintptr_t *)candidate;
    for (int i = 0; i < tableSlots; i++) {
        if (entries[i] && classify(entries[i]) != 1) return false;
    }
    for (int i = slotImportModule; i <= slotEvaluate; i++) {
        if (entries[i]) return false;
    }
    return entries[0] && entries[1] && entries[2] && entries[4];
}

/// A WTF::StringImpl holding `text` in 8-bit characters: { refCount, length, data pointer, … }.
static bool isStringImpl(const void *impl, const char *text) {
    if (!impl || ((uintptr_t)impl & 7)) return false;
    size_t length = strlen(text);
    if (*(const uint32_t *)((const char *)impl + 4) != length) return false;
    const char *data = *(const char *const *)((const char *)impl + 8);
    // An 8-bit string made at run time keeps its characters right after its header.
    if (data < (const char *)impl + 16 || data > (const char *)impl + 32) return false;
    return memcmp(data, text, length) == 0;
}

static const char *checkLayouts(void *context) {
    if (jsc_get_major_version() != 2 || jsc_get_minor_version() != 50) return "JavaScriptCore is not 2.50, the version the module loader's hooks were checked against";
    if (!wsjs_JSC_loadModule || !wsjs_JSC_checkModuleSyntax || !wsjs_OpaqueJSString_tryCreate) return "the library lacks JSC::loadModule, JSC::checkModuleSyntax or OpaqueJSString::tryCreate";
    dl_iterate_phdr(findSegments, (void *)(uintptr_t)&JSGlobalContextCreate);
    if (segmentCount == 0) return "the library's segments were not found";

    // The method table pointer: exactly one word of the global object points at one.
    const char *global = context;
    size_t matches = 0, found = 0;
    for (size_t offset = scanStart; offset < scanEnd; offset += 8) {
        if (looksLikeMethodTable(*(const uintptr_t *)(global + offset))) {
            matches++;
            found = offset;
        }
    }
    if (matches != 1 || found != expectedTableOffset) return "the global object's method table was not found where 2.50.6 keeps it";
    tableOffset = found;
    return NULL;
}

/// The layouts module text goes through, checked when the first module is provided (a script
/// that never loads one does not pay for the probe's parse).
static const char *checkSourceLayouts(void *context) {
    size_t matches = 0, found = 0;
    // OpaqueJSString: the reference count, then the WTF::String.
    static const char probe[] = "'wsjs-module-layout-probe/0123456789abcdef';";
    void *string = JSStringCreateWithUTF8CString(probe);
    bool stringOK = *(const uint32_t *)string == 1 && isStringImpl(*(void **)((char *)string + opaqueStringImplOffset), probe);
    if (!stringOK) {
        JSStringRelease(string);
        return "OpaqueJSString's layout differs";
    }
    // A 16-bit OpaqueJSString's m_characters is its string's buffer.
    static const uint16_t wide[] = { 'w', 's', 'j', 's', 0x2603 };
    void *wideString = JSStringCreateWithCharacters(wide, 5);
    const char *wideImpl = *(const char **)((char *)wideString + opaqueStringImplOffset);
    bool wideOK = *(const uint32_t *)(wideImpl + 4) == 5 && *(void **)((char *)wideString + opaqueStringCharactersOffset) == *(void *const *)(wideImpl + 8);
    JSStringRelease(wideString);
    if (!wideOK) {
        JSStringRelease(string);
        return "OpaqueJSString's characters are not where 2.50 keeps them";
    }
    // OpaqueJSScript: the SourceProvider, then `VM& m_vm` and `Ref<StringImpl> m_source`. The VM
    // (the context group) appears exactly once in its first 32 words.
    void *vm = JSContextGetGroup(context);
    void *url = JSStringCreateWithUTF8CString("wsjs:layout-probe");
    void *script = JSScriptCreateFromString(vm, url, 1, string, NULL, NULL);
    JSStringRelease(url);
    JSStringRelease(string);
    if (!script) return "JSScriptCreateFromString failed";
    matches = 0;
    for (size_t offset = 8; offset < 32 * 8; offset += 8) {
        if (*(void **)((char *)script + offset) == vm) {
            matches++;
            found = offset + 8;
        }
    }
    bool scriptOK = matches == 1 && isStringImpl(*(void **)((char *)script + found), probe);
    JSScriptRelease(script);
    if (!scriptOK) return "OpaqueJSScript's layout differs";
    scriptSourceOffset = found;
    return NULL;
}

// Per global object: the copied table and the prelude's hooks.
struct installation {
    void *global;
    const void *originalTable;
    void *table[tableSlots];
    void *importHook, *metaHook;
};
enum { maxInstallations = 256 };
static struct installation installations[maxInstallations];

static struct installation *installationOf(void *global) {
    for (int i = 0; i < maxInstallations; i++) {
        if (__atomic_load_n(&installations[i].global, __ATOMIC_ACQUIRE) == global) return &installations[i];
    }
    return NULL;
}

/// slot 5: `import()`. The referrer is the calling script's SourceOrigin, whose first member is its
/// URL, whose first member is the URL's string.
static void *importModuleHook(void *global, void *loader, void *specifier, int64_t parameters, const void *sourceOrigin) {
    struct installation *installation = installationOf(global);
    void *referrer = NULL;
    wsjs_OpaqueJSString_tryCreate(&referrer, sourceOrigin);
    JSValueRef arguments[4] = {
        loader, specifier,
        referrer ? JSValueMakeString(global, referrer) : JSValueMakeUndefined(global),
        (JSValueRef)(intptr_t)parameters,
    };
    if (referrer) JSStringRelease(referrer);
    JSValueRef exception = NULL;
    JSValueRef result = JSObjectCallAsFunction(global, installation->importHook, NULL, 4, arguments, &exception);
    // The hook returns the loader's own promise, and catches everything itself; only a
    // terminated script gets here without one, and the import then never settles.
    if (!result || exception || !JSValueIsObject(global, result)) return NULL;
    return (void *)result;
}

/// slot 8: `import.meta` of the module `key`.
static void *importMetaHook(void *global, void *loader, int64_t key, void *record, int64_t fetcher) {
    (void)loader, (void)record, (void)fetcher;
    struct installation *installation = installationOf(global);
    JSValueRef arguments[1] = { (JSValueRef)(intptr_t)key };
    JSValueRef exception = NULL;
    JSValueRef result = JSObjectCallAsFunction(global, installation->metaHook, NULL, 1, arguments, &exception);
    if (!result || exception || !JSValueIsObject(global, result)) return JSObjectMake(global, NULL, NULL);
    return (void *)result;
}

const char *wsjs_modules_install(void *context, void *importHook, void *metaHook) {
    pthread_mutex_lock(&setupLock);
    if (!layoutChecked) {
        layoutFailure = checkLayouts(context);
        layoutChecked = true;
    }
    const char *failure = layoutFailure;
    struct installation *installation = NULL;
    if (!failure) {
        // A global object created since still needs its table to be the one checked.
        const void *current = *(const void **)((char *)context + tableOffset);
        if (!looksLikeMethodTable((uintptr_t)current)) failure = "this global object's method table differs";
        for (int i = 0; !failure && i < maxInstallations; i++) {
            if (!installations[i].global) {
                installation = &installations[i];
                break;
            }
        }
        if (!failure && !installation) failure = "too many contexts with modules at once";
        if (!failure) {
            installation->originalTable = current;
            memcpy(installation->table, current, sizeof installation->table);
            installation->table[slotImportModule] = (void *)importModuleHook;
            installation->table[slotImportMeta] = (void *)importMetaHook;
            installation->importHook = importHook;
            installation->metaHook = metaHook;
            JSValueProtect(context, importHook);
            JSValueProtect(context, metaHook);
            __atomic_store_n(&installation->global, context, __ATOMIC_RELEASE);
            *(const void **)((char *)context + tableOffset) = installation->table;
        }
    }
    pthread_mutex_unlock(&setupLock);
    return failure;
}

void wsjs_modules_uninstall(void *context) {
    pthread_mutex_lock(&setupLock);
    struct installation *installation = installationOf(context);
    if (installation) {
        *(const void **)((char *)context + tableOffset) = installation->originalTable;
        JSValueUnprotect(context, installation->importHook);
        JSValueUnprotect(context, installation->metaHook);
        __atomic_store_n(&installation->global, NULL, __ATOMIC_RELEASE);
    }
    pthread_mutex_unlock(&setupLock);
}

/// A SourceProvider holding `text`: a script made from one space, its source swapped with the
/// string of `text`'s OpaqueJSString (each then owns the other's reference, so both counts stay
/// right). Returns the script (release it with JSScriptRelease) and its length in `length`.
static void *makeProvider(void *context, void *text, void *url, int32_t *length) {
    void *space = JSStringCreateWithUTF8CString(" ");
    void *script = JSScriptCreateFromString(JSContextGetGroup(context), url, 1, space, NULL, NULL);
    JSStringRelease(space);
    if (!script) return NULL;
    *length = (int32_t)JSStringGetLength(text);
    void **source = (void **)((char *)script + scriptSourceOffset);
    void **impl = (void **)((char *)text + opaqueStringImplOffset);
    void *swapped = *source;
    *source = *impl;
    *impl = swapped;
    // OpaqueJSString::m_characters points into a 16-bit string's own buffer, which has just moved
    // to the script: left there, ~OpaqueJSString would free it as a copy it made.
    void **characters = (void **)((char *)text + opaqueStringCharactersOffset);
    if (*characters == *(void **)((char *)*source + 8)) *characters = NULL;
    return script;
}

/// Checks the source layouts once; NULL when they are right.
static const char *sourceFailure(void *context) {
    pthread_mutex_lock(&setupLock);
    if (!sourceLayoutChecked) {
        sourceLayoutFailure = checkSourceLayouts(context);
        sourceLayoutChecked = true;
    }
    pthread_mutex_unlock(&setupLock);
    return sourceLayoutFailure;
}

const char *wsjs_modules_source_failure(void *context) {
    return installationOf(context) ? sourceFailure(context) : "the module loader's hooks are not installed";
}

const void *wsjs_modules_provide(void *context, void *text, void *url) {
    if (!installationOf(context) || sourceFailure(context)) return NULL;
    int32_t length = 0;
    void *script = makeProvider(context, text, url, &length);
    if (!script) return NULL;
    struct SourceCode source = { script, 0, length, 0, 0 };
    void *promise = wsjs_JSC_loadModule(context, &source, encodedUndefined);
    JSScriptRelease(script);
    return promise;
}

int wsjs_modules_parses_as_module(void *context, void *text) {
    if (!installationOf(context) || sourceFailure(context)) return -1;
    void *url = JSStringCreateWithUTF8CString("wsjs:syntax-check");
    int32_t length = 0;
    void *script = makeProvider(context, text, url, &length);
    JSStringRelease(url);
    if (!script) return -1;
    struct SourceCode source = { script, 0, length, 0, 0 };
    // JSC::ParserError, zeroed (what its default constructor leaves); its message string, if
    // any, is not released.
    _Alignas(16) unsigned char error[512];
    memset(error, 0, sizeof error);
    bool parses = wsjs_JSC_checkModuleSyntax(context, &source, error);
    JSScriptRelease(script);
    return parses ? 1 : 0;
}

int wsjs_modules_attribute_type(void *context, const void *parameters) {
    (void)context;
    if ((intptr_t)parameters == encodedUndefined || !parameters) return 0;
    // JSScriptFetchParameters: the cell header, then Ref<ScriptFetchParameters>, which is
    // { vtable, reference count, Type m_type (uint8_t) }.
    uintptr_t cell = (uintptr_t)parameters;
    if (cell & 7 || cell >> 48) return -1;
    const char *fetchParameters = *(const char *const *)(cell + 8);
    if (!fetchParameters || ((uintptr_t)fetchParameters & 7) || classify(*(const uintptr_t *)fetchParameters) != 2) return -1;
    uint8_t type = *(const uint8_t *)(fetchParameters + 12);
    return type <= 3 ? type : -1;
}
