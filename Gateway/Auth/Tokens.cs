using System.Security.Cryptography;

namespace Gateway.Auth;

/// <summary>The two token formats of findface-facenapi.token (spec 4.3): long and short.</summary>
public static class Tokens
{
    private const string LongAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-";
    private const string ShortAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    private const int LongLength = 32;
    private const int ShortHalf = 4;

    /// <summary>A long token (32 characters, 192 random bits) or a short one (XXXX-XXXX, about 41 bits, easier to type).</summary>
    public static string New(bool isShort) => isShort
        ? $"{RandomNumberGenerator.GetString(ShortAlphabet, ShortHalf)}-{RandomNumberGenerator.GetString(ShortAlphabet, ShortHalf)}"
        : RandomNumberGenerator.GetString(LongAlphabet, LongLength);

    public static bool IsWellFormed(string token) =>
        (token.Length == LongLength && token.All(LongAlphabet.Contains)) ||
        (token.Length == 2 * ShortHalf + 1 && token[ShortHalf] == '-' &&
         token.Remove(ShortHalf, 1).All(ShortAlphabet.Contains));
}
