using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Handoff.BotGateway.BotFramework.Configuration;

/// <summary>
/// Loads the bot's certificate: from a file (PKCS#12, or PEM with the key beside it or inside it), else from the
/// current user's store by thumbprint or subject name, as the Agents SDK does. It must hold its private key.
/// </summary>
public static class CertificateLoader
{
    public static X509Certificate2 Load(CertificateReference reference)
    {
        var prefix = BotCredentialResolver.SettingsPrefix;
        if (reference.File is { } file)
        {
            X509Certificate2 certificate;
            try
            {
                certificate = reference.KeyFile is { } keyFile ? X509Certificate2.CreateFromPemFile(file, keyFile)
                    : IsPem(file) ? X509Certificate2.CreateFromPemFile(file)
                    : X509CertificateLoader.LoadPkcs12FromFile(file, reference.Password);
            }
            catch (Exception exception) when (exception is CryptographicException or IOException or UnauthorizedAccessException or ArgumentException)
            {
                throw new InvalidOperationException(
                    $"{prefix}CertFile '{file}' could not be read as a certificate with its private key ({exception.Message}); check the file, {prefix}CertKeyFile and {prefix}CertPassword.",
                    exception);
            }

            return certificate.HasPrivateKey ? certificate
                : throw new InvalidOperationException($"{prefix}CertFile '{file}' holds no private key: add it to the file or name it in {prefix}CertKeyFile.");
        }

        if (!Enum.TryParse<StoreName>(reference.StoreName, ignoreCase: true, out var storeName))
        {
            throw new InvalidOperationException($"{prefix}CertStoreName '{reference.StoreName}' is not a certificate store name (My, Root, …).");
        }

        var (findType, value, key) = reference.SubjectName is { } subject
            ? (X509FindType.FindBySubjectName, subject, "CertSubjectName")
            : (X509FindType.FindByThumbprint, reference.Thumbprint!, "CertThumbprint");
        X509Certificate2? found;
        try
        {
            using var store = new X509Store(storeName, StoreLocation.CurrentUser);
            store.Open(OpenFlags.ReadOnly);
            found = store.Certificates.Find(findType, value, reference.ValidOnly).FirstOrDefault(candidate => candidate.HasPrivateKey);
        }
        catch (CryptographicException exception)
        {
            throw new InvalidOperationException($"{prefix}{key} '{value}': the current user's {storeName} store cannot be read ({exception.Message}).", exception);
        }

        return found ?? throw new InvalidOperationException(
            $"{prefix}{key} '{value}' names no certificate with a private key in the current user's {storeName} store" +
            (reference.ValidOnly ? $" that is valid now (set {prefix}ValidCertificateOnly=false for a self-signed one)." : "."));
    }

    /// <summary>Adds why the certificate cannot be loaded to <paramref name="failures"/>, naming the key.</summary>
    public static void Check(CertificateReference reference, List<string> failures)
    {
        try
        {
            using var _ = Load(reference);
        }
        catch (InvalidOperationException exception)
        {
            failures.Add(exception.Message);
        }
    }

    private static bool IsPem(string file) =>
        file.EndsWith(".pem", StringComparison.OrdinalIgnoreCase) || file.EndsWith(".crt", StringComparison.OrdinalIgnoreCase);
}
