using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Handoff.ConversationState.Encryption;

/// <summary>
/// AES-256-GCM for what users wrote (contexts, turns) before it reaches Redis. A record reads
/// <c>v2.{keyId}.{base64(nonce | ciphertext | tag)}</c>, so any key of the ring can open what it sealed, and is bound
/// to what it belongs to (<see cref="SealBinding"/>). Version 1 records (a constant as associated data, so movable
/// between tokens and owners) are not read: they read as gone, like a record sealed with a retired key.
/// </summary>
public sealed class ContextProtector
{
    private const string Version = "v2";
    private const int NonceSize = 12;
    private const int TagSize = 16;

    private readonly Dictionary<string, byte[]> _keys;
    private readonly string _activeKeyId;

    public ContextProtector(IOptions<EncryptionOptions> options, IHostEnvironment environment, ILogger<ContextProtector> logger)
    {
        var settings = options.Value;
        _keys = settings.Keys.ToDictionary(pair => pair.Key, pair => Convert.FromBase64String(pair.Value), StringComparer.Ordinal);
        if (_keys.Count == 0 && environment.IsDevelopment())
        {
            // Development without a configured key: contexts live only as long as this process's key.
            logger.LogWarning("State:Encryption has no keys: using a key made up for this run (Development only).");
            _keys["dev"] = RandomNumberGenerator.GetBytes(32);
            _activeKeyId = "dev";
            return;
        }

        _activeKeyId = settings.ActiveKeyId ?? (_keys.Count == 1 ? _keys.Keys.Single() : "");
    }

    public string Protect(string plaintext, SealBinding binding)
    {
        var key = _keys[_activeKeyId];
        var input = Encoding.UTF8.GetBytes(plaintext);
        var output = new byte[NonceSize + input.Length + TagSize];
        var nonce = output.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(key, TagSize);
        aes.Encrypt(nonce, input, output.AsSpan(NonceSize, input.Length), output.AsSpan(NonceSize + input.Length), binding.AssociatedData);
        return $"{Version}.{_activeKeyId}.{Convert.ToBase64String(output)}";
    }

    public string Unprotect(string record, SealBinding binding)
    {
        var parts = record.Split('.', 3);
        if (parts.Length != 3 || parts[0] != Version)
        {
            throw new CryptographicException("The record is not an encrypted context.");
        }

        if (!_keys.TryGetValue(parts[1], out var key))
        {
            throw new CryptographicException($"The record was sealed with key '{parts[1]}', which is not in the key ring.");
        }

        var data = Convert.FromBase64String(parts[2]);
        var length = data.Length - NonceSize - TagSize;
        var plaintext = new byte[length];
        using var aes = new AesGcm(key, TagSize);
        aes.Decrypt(data.AsSpan(0, NonceSize), data.AsSpan(NonceSize, length), data.AsSpan(NonceSize + length), plaintext, binding.AssociatedData);
        return Encoding.UTF8.GetString(plaintext);
    }
}
