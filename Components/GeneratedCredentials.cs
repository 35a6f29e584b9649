using System.Security.Cryptography;
using System.Text;
using Opta.Planning;
using Pulumi;

namespace Opta.Infra.Components;

/// <summary>
/// The values of the plan's generated credentials, derived from the stack's secret seed
/// (<c>opta-infra:credentialSeed</c>): HMAC-SHA256 of the credential's layer, module and key. The same seed gives the
/// same passwords on every run, so a second <c>pulumi up</c> changes nothing, and no state beyond the stack's
/// configuration is needed; another stack (another seed) gets other passwords.
/// </summary>
public static class GeneratedCredentials
{
    public const string SeedKey = "credentialSeed";

    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    /// <summary>Each credential's placeholder mapped to its value (a secret output).</summary>
    public static IReadOnlyDictionary<string, Input<string>> Derive(IEnumerable<GeneratedCredential> credentials, Output<string>? seed)
    {
        var list = credentials.ToList();
        if (list.Count == 0)
        {
            return new Dictionary<string, Input<string>>();
        }

        if (seed is null)
        {
            var modules = string.Join(", ", list.Select(c => c.Module).Distinct());
            throw new RunException(
                $"the databases of this stack ({modules}) need generated passwords, derived from a secret seed the stack keeps: " +
                $"set it once with `pulumi config set --secret {OptaStackSettings.ConfigNamespace}:{SeedKey} \"$(openssl rand -hex 32)\"` " +
                "and keep it (changing it changes the passwords in the Secrets, not the ones the databases were initialised with)");
        }

        return list.ToDictionary(c => c.Placeholder, c => (Input<string>)Pulumi.Output.CreateSecret(seed.Apply(s => Value(s, c))));
    }

    /// <summary>The credential's value for <paramref name="seed"/>: letters and digits, <see cref="GeneratedCredential.Length"/> of them.</summary>
    public static string Value(string seed, GeneratedCredential credential)
    {
        using var hmac = new HMACSHA256(Encoding.UTF8.GetBytes(seed));
        var result = new StringBuilder(credential.Length);
        for (var block = 0; result.Length < credential.Length; block++)
        {
            foreach (var b in hmac.ComputeHash(Encoding.UTF8.GetBytes($"{credential.DerivationInput}#{block}")))
            {
                // 248 = 4 × 62: rejecting the bytes above keeps every character equally likely.
                if (b < 248 && result.Length < credential.Length)
                {
                    result.Append(Alphabet[b % Alphabet.Length]);
                }
            }
        }

        return result.ToString();
    }
}
