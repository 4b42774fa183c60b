using System.Globalization;

namespace Janus.Media.Sdp;

/// <summary>Small tokenizing helpers shared by the attribute parsers; none of them throw.</summary>
internal static class SdpTokens
{
    public static string[] Words(string value) => value.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    public static bool TryInt(string text, int min, int max, out int result) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out result) && result >= min && result <= max;

    public static bool TryUInt(string text, out uint result) =>
        uint.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out result);

    public static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);

    public static string Invariant(uint value) => value.ToString(CultureInfo.InvariantCulture);

    public static string Invariant(long value) => value.ToString(CultureInfo.InvariantCulture);

    public static string Invariant(ulong value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>Splits at the first space: "96 apt=97" gives "96" and "apt=97".</summary>
    public static bool SplitFirst(string value, out string head, out string rest)
    {
        int space = value.IndexOf(' ');
        if (space <= 0)
        {
            head = value;
            rest = string.Empty;
            return false;
        }
        head = value[..space];
        rest = value[(space + 1)..];
        return true;
    }
}
