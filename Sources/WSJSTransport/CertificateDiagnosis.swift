// SPDX-License-Identifier: MIT
import NIOCore
import NIOSSL
#if canImport(Glibc)
import Glibc
#endif

/// Names why BoringSSL rejected a server's certificate chain. BoringSSL reports every chain
/// failure as one `CERTIFICATE_VERIFY_FAILED`; its per-certificate verify callback still sees
/// the certificate it rejected first, and that certificate's dates tell an expired (or not yet
/// valid) certificate apart from one no trusted authority issued. The callback only observes:
/// it returns BoringSSL's own verdict, so verification stays exactly the default.
final class CertificateDiagnosis {
    private var firstRejected: NIOSSLCertificate?

    /// A TLS client handler whose verification is the default one, observed by this diagnosis.
    func clientHandler(context: NIOSSLContext, serverHostname: String?) throws -> NIOSSLClientHandler {
        let maker: any VerificationObserving.Type = ObservedVerification.self
        return try maker.makeHandler(context: context, serverHostname: serverHostname) { [self] verdict, certificate in
            if case .failed = verdict, firstRejected == nil { firstRejected = certificate }
            return verdict
        }
    }

    /// Why the chain failed, for the connection's error message; nil when BoringSSL rejected no
    /// certificate (the handshake failed for another reason).
    func cause(now: time_t = time(nil)) -> String? {
        guard let certificate = firstRejected else { return nil }
        if now > certificate.notValidAfter {
            return "the server's certificate expired on \(Self.format(certificate.notValidAfter))"
        }
        if now < certificate.notValidBefore {
            return "the server's certificate is not valid until \(Self.format(certificate.notValidBefore))"
        }
        return "the server's certificate is not issued by a trusted certificate authority (self-signed, or its CA is not trusted here)"
    }

    /// `2026-11-27 04:36:33 UTC`, as certificate viewers show dates.
    static func format(_ seconds: time_t) -> String {
        var moment = seconds
        var parts = tm()
        gmtime_r(&moment, &parts)
        var text = [CChar](repeating: 0, count: 32)
        let count = strftime(&text, text.count, "%Y-%m-%d %H:%M:%S UTC", &parts)
        return String(decoding: text[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}

/// NIOSSL marks its per-certificate (OpenSSL-style) callback deprecated in favour of a callback
/// that replaces BoringSSL's verification; only the old one observes the default verdict. The
/// protocol keeps the one deprecated call in one place without a warning at every build.
private protocol VerificationObserving {
    static func makeHandler(context: NIOSSLContext, serverHostname: String?, observe: @escaping NIOSSLVerificationCallback) throws -> NIOSSLClientHandler
}

private enum ObservedVerification: VerificationObserving {
    @available(*, deprecated, message: "uses NIOSSL's per-certificate verify callback on purpose")
    static func makeHandler(context: NIOSSLContext, serverHostname: String?, observe: @escaping NIOSSLVerificationCallback) throws -> NIOSSLClientHandler {
        try NIOSSLClientHandler(context: context, serverHostname: serverHostname, verificationCallback: observe)
    }
}
