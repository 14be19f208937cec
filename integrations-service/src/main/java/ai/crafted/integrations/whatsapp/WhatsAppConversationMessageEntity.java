package ai.crafted.integrations.whatsapp;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** The latest state of one WhatsApp message, as whatsapp-worker reported it (the conversation view's row). */
@Entity
@Table(name = "whatsapp_conversation_messages")
public class WhatsAppConversationMessageEntity {

    /** {@code <appId>:<wamid>}. */
    @Id
    public String id;

    @Column(name = "organization_id", nullable = false)
    public UUID organizationId;

    @Column(name = "app_id", nullable = false)
    public UUID appId;

    @Column(name = "conversation_id", nullable = false)
    public UUID conversationId;

    @Column(nullable = false)
    public String customer;

    @Column(nullable = false)
    public String direction;

    @Column(nullable = false)
    public String wamid;

    @Column(name = "inbound_wamid")
    public String inboundWamid;

    @Column(nullable = false)
    public int part;

    public String body;

    @Column(nullable = false)
    public String status;

    @Column(name = "error_code")
    public Integer errorCode;

    @Column(name = "error_text")
    public String errorText;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "status_at", nullable = false)
    public Instant statusAt;
}
