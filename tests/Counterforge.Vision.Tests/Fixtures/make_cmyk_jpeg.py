# Writes cmyk.jpg, the CMYK JPEG the decoder tests read (Pillow writes Adobe-inverted CMYK, as Photoshop does).
# Run once with Debian's python3-pil (`apt-get install python3-pil`); the output is committed, so tests need no Pillow.
# Left half pure red (C=0, M=Y=255, K=0), right half pure blue (C=M=255, Y=K=0).
from PIL import Image

image = Image.new("CMYK", (16, 8))
for y in range(8):
    for x in range(16):
        image.putpixel((x, y), (0, 255, 255, 0) if x < 8 else (255, 255, 0, 0))
image.save("cmyk.jpg", quality=95, subsampling=0)
