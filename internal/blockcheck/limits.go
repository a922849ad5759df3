package blockcheck

// Limits Slack enforces, exported so renderers can truncate to them instead of
// repeating the numbers. Lengths count characters (Unicode code points), not bytes.
const (
	MaxMessageBlocks     = 50
	MaxViewBlocks        = 100
	MaxMessageText       = 40000
	MaxBlockID           = 255
	MaxActionID          = 255
	MaxSectionText       = 3000
	MaxSectionFields     = 10
	MaxFieldText         = 2000
	MaxHeaderText        = 150
	MaxContextElements   = 10
	MaxActionsElements   = 25
	MaxButtonText        = 75
	MaxButtonValue       = 2000
	MaxURL               = 3000
	MaxAltText           = 2000
	MaxImageTitle        = 2000
	MaxInputLabel        = 2000
	MaxInputHint         = 2000
	MaxPlaceholder       = 150
	MaxSelectOptions     = 100
	MaxOverflowOptions   = 5
	MaxCheckboxOptions   = 10
	MaxOptionText        = 75
	MaxOptionValue       = 150
	MaxOptionDescription = 75
	MaxOptionGroupLabel  = 75
	MaxTextObject        = 3000
	MaxModalTitle        = 24
	MaxModalButton       = 24
	MaxCallbackID        = 255
	MaxExternalID        = 255
	MaxPrivateMetadata   = 3000
	MaxConfirmTitle      = 100
	MaxConfirmText       = 300
	MaxConfirmButton     = 30
	MaxInputLength       = 3000
)
