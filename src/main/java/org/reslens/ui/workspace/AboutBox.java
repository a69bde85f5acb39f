package org.reslens.ui.workspace;

import javafx.geometry.Insets;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.stage.Modality;
import javafx.stage.Stage;
import javafx.stage.Window;

/** Help ▸ About ResLens: a small non-modal window with the {@link AboutInfo} lines and a button to copy them. */
final class AboutBox {
    static final String TITLE = "About ResLens";

    private AboutBox() {
    }

    static Stage show(Window owner, AboutInfo info) {
        Label build = label(info.build(), "about-build");
        build.setStyle("-fx-font-weight: bold;");
        Label disclaimer = label(info.disclaimer(), "about-disclaimer");
        disclaimer.setStyle("-fx-font-weight: bold;");
        Button copy = new Button("Copy");
        copy.setOnAction(e -> {
            ClipboardContent c = new ClipboardContent();
            c.putString(String.join("\n", info.lines()));
            javafx.scene.input.Clipboard.getSystemClipboard().setContent(c);
        });
        Button close = new Button("Close");
        close.setDefaultButton(true);
        HBox buttons = new HBox(8, copy, close);
        VBox box = new VBox(8, build, label(info.java(), "about-java"), label(info.javafx(), "about-javafx"),
                label(info.model(), "about-model"), disclaimer, buttons);
        box.setPadding(new Insets(16));
        box.setPrefWidth(560);
        box.setId("about-box");
        Stage s = new Stage();
        if (owner != null) {
            s.initOwner(owner);
        }
        s.initModality(Modality.NONE);
        s.setTitle(TITLE);
        s.setResizable(false);
        s.setScene(new Scene(box));
        close.setOnAction(e -> s.close());
        s.show();
        return s;
    }

    private static Label label(String text, String id) {
        Label l = new Label(text);
        l.setWrapText(true);
        l.setId(id);
        return l;
    }
}
