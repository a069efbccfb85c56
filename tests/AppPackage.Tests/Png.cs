using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace Handoff.AppPackage.Tests;

/// <summary>Reads an 8-bit RGBA, non-interlaced PNG (what Teams icons are) back to pixels, every row filter included.</summary>
public sealed record Png(int Width, int Height, byte ColourType, IReadOnlyList<(byte R, byte G, byte B, byte A)> Pixels)
{
    public static Png Read(byte[] file)
    {
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A], file[..8]);
        int width = 0, height = 0;
        byte colourType = 0;
        using var compressed = new MemoryStream();
        for (var offset = 8; offset < file.Length;)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(file.AsSpan(offset));
            var type = Encoding.ASCII.GetString(file, offset + 4, 4);
            var data = file.AsSpan(offset + 8, length);
            if (type == "IHDR")
            {
                (width, height, colourType) = (BinaryPrimitives.ReadInt32BigEndian(data), BinaryPrimitives.ReadInt32BigEndian(data[4..]), data[9]);
                Assert.True(data[8] == 8 && data[12] == 0, "the icon must be 8 bits per channel and not interlaced");
            }
            else if (type == "IDAT")
            {
                compressed.Write(data);
            }

            offset += 12 + length;
        }

        if (colourType != 6)
        {
            return new Png(width, height, colourType, []);
        }

        compressed.Position = 0;
        using var zlib = new ZLibStream(compressed, CompressionMode.Decompress);
        var stride = width * 4;
        var raw = new byte[height * (stride + 1)];
        zlib.ReadExactly(raw);
        return new Png(width, height, colourType, Unfilter(raw, width, height));
    }

    private static List<(byte, byte, byte, byte)> Unfilter(byte[] raw, int width, int height)
    {
        var stride = width * 4;
        var previous = new byte[stride];
        var pixels = new List<(byte, byte, byte, byte)>(width * height);
        for (var y = 0; y < height; y++)
        {
            var filter = raw[y * (stride + 1)];
            var row = raw.AsSpan((y * (stride + 1)) + 1, stride).ToArray();
            for (var i = 0; i < stride; i++)
            {
                int left = i >= 4 ? row[i - 4] : 0, up = previous[i], upLeft = i >= 4 ? previous[i - 4] : 0;
                row[i] += filter switch
                {
                    0 => 0,
                    1 => (byte)left,
                    2 => (byte)up,
                    3 => (byte)((left + up) / 2),
                    4 => (byte)Paeth(left, up, upLeft),
                    _ => throw new InvalidDataException($"PNG row filter {filter}"),
                };
            }

            for (var x = 0; x < width; x++)
            {
                pixels.Add((row[x * 4], row[(x * 4) + 1], row[(x * 4) + 2], row[(x * 4) + 3]));
            }

            previous = row;
        }

        return pixels;
    }

    private static int Paeth(int left, int up, int upLeft)
    {
        var estimate = left + up - upLeft;
        var (toLeft, toUp, toUpLeft) = (Math.Abs(estimate - left), Math.Abs(estimate - up), Math.Abs(estimate - upLeft));
        return toLeft <= toUp && toLeft <= toUpLeft ? left : toUp <= toUpLeft ? up : upLeft;
    }
}
