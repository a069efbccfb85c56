using System.Globalization;

namespace Handoff.AppPackage.Icons;

/// <summary>
/// The two icons Teams requires: a 192×192 full-colour icon, and a 32×32 outline icon that must be white on
/// a transparent background. Both draw the same mark: a chat bubble with an arrow running into it.
/// </summary>
public static class AppIcons
{
    public const int ColorSize = 192;
    public const int OutlineSize = 32;

    public static byte[] Color(string accentColor)
    {
        var (r, g, b) = ParseHex(accentColor);
        return PngEncoder.Encode(ColorSize, ColorSize, (x, y) =>
            IsMark(x / (double)ColorSize, y / (double)ColorSize) ? ((byte)255, (byte)255, (byte)255, (byte)255) : (r, g, b, (byte)255));
    }

    public static byte[] Outline() =>
        PngEncoder.Encode(OutlineSize, OutlineSize, (x, y) =>
            IsMark((x + 0.5) / OutlineSize, (y + 0.5) / OutlineSize) ? ((byte)255, (byte)255, (byte)255, (byte)255) : ((byte)0, (byte)0, (byte)0, (byte)0));

    /// <summary>The mark in unit coordinates: a rounded bubble outline and a right-pointing arrow.</summary>
    private static bool IsMark(double x, double y)
    {
        var inOuter = InRoundedRect(x, y, 0.18, 0.2, 0.82, 0.72, 0.1);
        var inInner = InRoundedRect(x, y, 0.26, 0.28, 0.74, 0.64, 0.05);
        var bubble = inOuter && !inInner;
        var tail = y >= 0.7 && y <= 0.84 && x >= 0.3 && x <= 0.3 + ((0.84 - y) * 1.2);
        var shaft = y >= 0.43 && y <= 0.49 && x >= 0.34 && x <= 0.56;
        var head = x >= 0.54 && x <= 0.66 && Math.Abs(y - 0.46) <= (0.66 - x) * 1.1;
        return bubble || tail || shaft || head;
    }

    private static bool InRoundedRect(double x, double y, double left, double top, double right, double bottom, double radius)
    {
        if (x < left || x > right || y < top || y > bottom)
        {
            return false;
        }

        var cx = Math.Clamp(x, left + radius, right - radius);
        var cy = Math.Clamp(y, top + radius, bottom - radius);
        return ((x - cx) * (x - cx)) + ((y - cy) * (y - cy)) <= radius * radius;
    }

    private static (byte R, byte G, byte B) ParseHex(string color)
    {
        var hex = color.TrimStart('#');
        if (hex.Length != 6 || !int.TryParse(hex, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var value))
        {
            throw new ArgumentException($"AppPackage:AccentColor must be #RRGGBB; got '{color}'.", nameof(color));
        }

        return ((byte)(value >> 16), (byte)(value >> 8), (byte)value);
    }
}
