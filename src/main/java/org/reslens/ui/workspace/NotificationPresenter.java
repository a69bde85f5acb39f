package org.reslens.ui.workspace;

import javafx.collections.ListChangeListener;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.TextArea;
import javafx.stage.Modality;
import javafx.stage.Stage;
import javafx.stage.Window;
import javafx.util.Duration;
import org.controlsfx.control.Notifications;
import org.controlsfx.control.action.Action;

/**
 * Shows each new {@link Notice} as a ControlsFX notification in the corner of the window that fades after a few
 * seconds; a notice with details offers a "Details" action that opens them in a plain, non-modal window.
 */
final class NotificationPresenter {
    private final Node owner;

    NotificationPresenter(WorkspaceViewModel vm, Node owner) {
        this.owner = owner;
        vm.notices().addListener((ListChangeListener<Notice>) c -> {
            while (c.next()) {
                for (Notice n : c.getAddedSubList()) {
                    show(n);
                }
            }
        });
    }

    private void show(Notice n) {
        if (owner.getScene() == null || owner.getScene().getWindow() == null) {
            return;
        }
        Notifications note = Notifications.create().title(n.title()).text(n.text()).owner(owner)
                .position(Pos.BOTTOM_RIGHT).hideAfter(Duration.seconds(n.level() == Notice.Level.INFO ? 4 : 9))
                .darkStyle();
        if (!n.details().isEmpty()) {
            note = note.action(new Action("Details", e -> details(n, owner.getScene().getWindow())));
        }
        switch (n.level()) {
            case ERROR -> note.showError();
            case WARNING -> note.showWarning();
            default -> note.showInformation();
        }
    }

    private static void details(Notice n, Window parent) {
        TextArea text = new TextArea(String.join("\n", n.details()));
        text.setEditable(false);
        text.setWrapText(false);
        Stage s = new Stage();
        s.initOwner(parent);
        s.initModality(Modality.NONE);
        s.setTitle(n.title());
        s.setScene(new Scene(text, 720, 360));
        s.show();
    }
}
