// SPDX-License-Identifier: MIT
// The start-up floor for wsjs (scripts/bench-startup): a program that only creates a
// JavaScriptCore context, evaluates `1` and exits. wsjs cannot start faster than this with the
// same library; its goal is to stay within 1.15x of it.
#include <JavaScriptCore/JavaScript.h>

int main(void) {
    JSGlobalContextRef context = JSGlobalContextCreate(NULL);
    JSStringRef source = JSStringCreateWithUTF8CString("1");
    JSValueRef value = JSEvaluateScript(context, source, NULL, NULL, 1, NULL);
    JSStringRelease(source);
    int ok = value != NULL && JSValueToNumber(context, value, NULL) == 1;
    JSGlobalContextRelease(context);
    return ok ? 0 : 1;
}
