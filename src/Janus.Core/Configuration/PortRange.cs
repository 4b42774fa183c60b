using System.Globalization;

namespace Janus.Core.Configuration;

/// <summary>The <c>min-max</c> port range of <c>rtp_port_range</c> and <c>-r</c>.</summary>
public static class PortRange
{
    /// <summary>Reads "min-max" as Janus does: a reversed range is swapped and a max of 0 means 65535.</summary>
    public static bool TryParse(string text, out int min, out int max)
    {
        min = max = 0;
        string[] parts = text.Split('-');
        if (parts.Length != 2
            || !int.TryParse(parts[0].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out min)
            || !int.TryParse(parts[1].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out max)
            || min > 65535 || max > 65535)
        {
            min = max = 0;
            return false;
        }

        if (min > max)
        {
            (min, max) = (max, min);
        }

        if (max == 0)
        {
            max = 65535;
        }

        return true;
    }
}
