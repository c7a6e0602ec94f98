import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateBy,
  type ValidationOptions,
} from 'class-validator';
import { eventTypeNames } from '@ketenpad/contracts';

/** Classes a partner can subscribe to; `health-restricted` never reaches a partner, so asking for it is an error. */
export const SUBSCRIBABLE_CLASSES = ['chain', 'financial', 'legal'] as const;
const MUNICIPALITY_CODE = /^GM\d{4}$/;
const PREFIX = /^(\*|nl\.ketenpad\.[a-z0-9.-]*\*)$/;
const KNOWN_TYPES: ReadonlySet<string> = new Set<string>(eventTypeNames);

/** An event type of the catalogue, or a prefix ending in `*` (`nl.ketenpad.municipality.*`, or `*` for every type). */
function IsEventTypePattern(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isEventTypePattern',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && (PREFIX.test(value) || KNOWN_TYPES.has(value)),
        defaultMessage: () =>
          'each value in $property must be a catalogue event type (nl.ketenpad.<producer>.<name>.v<n>) or a prefix ending in *',
      },
    },
    options,
  );
}

export class CreateSubscriptionDto {
  @ApiProperty({
    example: 'https://hooks.woonstad.nl/ketenpad',
    description: 'https (http only to loopback in development); verified with the CloudEvents webhook handshake.',
  })
  @IsString()
  @MaxLength(2048)
  callbackUrl!: string;

  @ApiProperty({
    example: ['nl.ketenpad.municipality.*'],
    description: 'Event types, exact or as a prefix ending in `*`.',
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ArrayUnique()
  @IsEventTypePattern({ each: true })
  eventTypes!: string[];

  @ApiPropertyOptional({ example: ['GM0599'], description: 'Only pathways of these municipalities (CBS codes).' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(400)
  @ArrayUnique()
  @Matches(MUNICIPALITY_CODE, {
    each: true,
    message: 'each value in municipalities must be a CBS municipality code like GM0363',
  })
  municipalities?: string[];

  @ApiPropertyOptional({
    enum: SUBSCRIBABLE_CLASSES,
    isArray: true,
    description: 'Only events of these classifications (still only those the partner is entitled to).',
  })
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @IsIn(SUBSCRIBABLE_CLASSES, { each: true })
  classifications?: string[];

  @ApiPropertyOptional({
    type: [String],
    description: 'Only these pathways (still only those the partner participates in or has consent for).',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(1000)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  pathwayIds?: string[];
}

/** A change: every field optional; the lists replace the old ones. */
export class UpdateSubscriptionDto {
  @ApiPropertyOptional({ description: 'A new URL is verified with the handshake before it replaces the old one.' })
  @IsOptional()
  @IsString()
  @MaxLength(2048)
  callbackUrl?: string;

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ArrayUnique()
  @IsEventTypePattern({ each: true })
  eventTypes?: string[];

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(400)
  @ArrayUnique()
  @Matches(MUNICIPALITY_CODE, {
    each: true,
    message: 'each value in municipalities must be a CBS municipality code like GM0363',
  })
  municipalities?: string[];

  @ApiPropertyOptional({ enum: SUBSCRIBABLE_CLASSES, isArray: true })
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @IsIn(SUBSCRIBABLE_CLASSES, { each: true })
  classifications?: string[];

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(1000)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  pathwayIds?: string[];
}

export class RedeliveryDto {
  @ApiPropertyOptional({
    type: [String],
    description: 'CloudEvents ids of dead-lettered notifications; all of them when omitted.',
  })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(1000)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  eventIds?: string[];
}

export class ReplayDto {
  @ApiProperty({
    example: '2026-03-01T00:00:00Z',
    description: 'Replay every matching event the gateway received from this moment on.',
  })
  @IsISO8601({ strict: true, strictSeparator: true })
  from!: string;
}

export class DeliveryLogQuery {
  @ApiPropertyOptional({ description: 'Only attempts from this moment on.' })
  @IsOptional()
  @IsISO8601({ strict: true, strictSeparator: true })
  since?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 1000, default: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;
}

export class SubscriptionResponse {
  @ApiProperty({ format: 'uuid' }) subscriptionId!: string;
  @ApiProperty() callbackUrl!: string;
  @ApiProperty({ type: [String] }) eventTypes!: string[];
  @ApiProperty({ type: [String] }) municipalities!: string[];
  @ApiProperty({ type: [String] }) classifications!: string[];
  @ApiProperty({ type: [String] }) pathwayIds!: string[];
  @ApiProperty({ enum: ['active', 'paused', 'failing'] }) status!: string;
  @ApiProperty() verifiedAt!: string;
  @ApiProperty({ nullable: true, type: String, description: 'Since when deliveries are being dead-lettered.' })
  failingSince!: string | null;
  @ApiProperty() createdAt!: string;
  @ApiProperty() updatedAt!: string;
}

export class CreatedSubscriptionResponse extends SubscriptionResponse {
  @ApiProperty({ example: 'whsec_…', description: 'Standard Webhooks signing secret. Shown once; store it now.' })
  secret!: string;
}

export class DeliveryAttemptResponse {
  @ApiProperty() attemptId!: string;
  @ApiProperty() deliveryId!: string;
  @ApiProperty({ format: 'uuid' }) eventId!: string;
  @ApiProperty() attempt!: number;
  @ApiProperty() attemptedAt!: string;
  @ApiProperty({ nullable: true, type: Number }) statusCode!: number | null;
  @ApiProperty() latencyMs!: number;
  @ApiProperty({ nullable: true, enum: ['http-status', 'timeout', 'connection-refused', 'network', 'tls'] }) error!:
    | string
    | null;
  @ApiProperty({ enum: ['delivered', 'retry-scheduled', 'dead'] }) outcome!: string;
  @ApiProperty({
    nullable: true,
    type: String,
    description:
      'When the notification is tried again: on the latest attempt of one still waiting for its retry, else null.',
  })
  nextAttemptAt!: string | null;
}

export class DeadLetterResponse {
  @ApiProperty({ format: 'uuid' }) eventId!: string;
  @ApiProperty({ format: 'uuid' }) pathwayId!: string;
  @ApiProperty() attempts!: number;
  @ApiProperty({ nullable: true, type: String }) firstAttemptAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) deadLetteredAt!: string | null;
  @ApiProperty({ nullable: true, type: Number }) lastStatusCode!: number | null;
  @ApiProperty({ nullable: true, type: String }) lastError!: string | null;
}

export class QueuedResponse {
  @ApiProperty({ description: 'Notifications queued.' }) queued!: number;
}

export class TestDeliveryResponse {
  @ApiProperty({ description: 'The `webhook-id` header of the test notification.', example: 'msg_test_…' })
  webhookId!: string;
  @ApiProperty({ format: 'uuid', description: 'The `id` of the test notification.' }) notificationId!: string;
  @ApiProperty({ description: 'When it was signed and sent.' }) sentAt!: string;
  @ApiProperty({ description: 'The callback answered 2xx in time.' }) delivered!: boolean;
  @ApiProperty({ nullable: true, type: Number, description: 'HTTP status of the answer, when there was one.' })
  statusCode!: number | null;
  @ApiProperty({ nullable: true, enum: ['http-status', 'timeout', 'connection-refused', 'network', 'tls'] })
  error!: string | null;
  @ApiProperty() latencyMs!: number;
}
