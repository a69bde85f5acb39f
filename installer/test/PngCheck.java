import java.awt.image.BufferedImage;
import java.io.File;
import java.util.HashSet;
import java.util.Set;
import javax.imageio.ImageIO;

/**
 * Checks that a screenshot shows a real window and not an empty or uniform frame:
 * {@code java installer/test/PngCheck.java FILE.png MIN_WIDTH MIN_HEIGHT MIN_COLOURS MIN_WARM}. Prints the size, the
 * number of distinct colours and how many pixels have the heatmap's warm hues (orange to yellow, which the grey
 * images and the dark interface lack, so they show the AI result is drawn); exits 1 when a minimum is not met.
 * (Run by installer/test-deb.sh with the JDK's source launcher, so the check needs nothing beyond Java.)
 */
public final class PngCheck {
    public static void main(String[] args) throws Exception {
        BufferedImage image = ImageIO.read(new File(args[0]));
        if (image == null) {
            System.out.println("PngCheck: " + args[0] + " is not a readable PNG");
            System.exit(1);
        }
        int minWidth = Integer.parseInt(args[1]);
        int minHeight = Integer.parseInt(args[2]);
        int minColours = Integer.parseInt(args[3]);
        long minWarm = Long.parseLong(args[4]);
        Set<Integer> colours = new HashSet<>();
        long warm = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y) & 0xFFFFFF;
                colours.add(rgb);
                int r = rgb >> 16, g = (rgb >> 8) & 0xFF, b = rgb & 0xFF;
                if (r > 180 && r > g + 60 && r > b + 100) {
                    warm++;
                }
            }
        }
        System.out.printf("PngCheck: %s %dx%d, %d colours, %d warm (heatmap-coloured) pixels%n", args[0],
                image.getWidth(), image.getHeight(), colours.size(), warm);
        boolean ok = image.getWidth() >= minWidth && image.getHeight() >= minHeight && colours.size() >= minColours
                && warm >= minWarm;
        System.exit(ok ? 0 : 1);
    }
}
