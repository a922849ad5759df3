package slackbot

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"

	"github.com/slack-go/slack"

	"github.com/rapport-bot/rapport/internal/chart"
	"github.com/rapport-bot/rapport/internal/render"
	"github.com/rapport-bot/rapport/internal/sender"
)

// trendChart renders the influencer's 36-month engagement and follower chart and uploads it
// to the conversation where the button was clicked (files upload v2).
func (b *Bot) trendChart(ctx context.Context, cb slack.InteractionCallback, id string, log *slog.Logger) {
	p, ok := b.profileFor(ctx, cb, id, log)
	if !ok {
		return
	}
	name := p.Influencer.Name
	if name == "" {
		name = "@" + p.Influencer.Handle
	}
	png, err := chart.TrendPNG(name, p.Snapshots, b.now(), chart.Options{})
	if errors.Is(err, chart.ErrNoData) {
		b.replyTo(ctx, cb, render.Problem("No chart for "+render.Escape(name)+": "+chart.ErrNoData.Error()+"."), false, log)
		return
	}
	if err != nil {
		b.replyTo(ctx, cb, friendly(fmt.Errorf("render chart: %w", err), log), false, log)
		return
	}
	title := name + " — engagement and followers, last 36 months"
	err = sender.Retry(ctx, func() error {
		_, err := b.api.UploadFileContext(ctx, slack.UploadFileParameters{
			Reader:         bytes.NewReader(png),
			FileSize:       len(png),
			Filename:       p.Influencer.ID() + "-trend.png",
			Title:          title,
			AltTxt:         "Line chart of " + name + "'s monthly engagement rate and followers per platform over 36 months",
			Channel:        cb.Channel.ID,
			InitialComment: "Trend chart requested by <@" + cb.User.ID + ">",
		})
		return err
	})
	if err != nil {
		b.replyTo(ctx, cb, slackProblem(err, "upload the chart here", log), false, log)
		return
	}
	log.Info("trend chart uploaded", "influencer", id, "channel", cb.Channel.ID, "bytes", len(png))
}
